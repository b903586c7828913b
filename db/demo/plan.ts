import type { ReportValues } from '../../shared/report-values';
import { homeUrl } from './sites';
import type { UnitValueOverrides } from './values';

/**
 * The design of the demo story: who is strong, who is weak, and every report that does not follow
 * the usual course (submitted a few days before the due date, reviewed within a week, accepted).
 */

export const DEMO_SEED = 0x20190125;

/** Quality 0…1 of each city bureau; its counties scatter around it. */
export const CITY_QUALITY: Record<string, number> = {
  '330100': 0.97, // 杭州市
  '330200': 0.93, // 宁波市
  '330400': 0.84, // 嘉兴市
  '330500': 0.8, // 湖州市
  '330600': 0.77, // 绍兴市
  '331000': 0.72, // 台州市
  '330700': 0.7, // 金华市
  '330300': 0.66, // 温州市
  '330900': 0.58, // 舟山市
  '330800': 0.44, // 衢州市
  '331100': 0.34, // 丽水市
};

/** What some city bureaus had not done by the end of 2018 (yes/no items still "no"). */
const CITY_GAPS: Record<string, string[]> = {
  '330500': ['HS-03'], // 湖州市: secure-housing funds evaluation result not published
  '330600': ['HS-03', 'RH-03'], // 绍兴市
  '331000': ['HS-03', 'IN-02'], // 台州市
};

/** Counties whose quality is set rather than scattered. */
export const COUNTY_QUALITY: Record<string, number> = {
  '330106': 0.99, // 西湖区: the model county of the demo
  '330108': 0.9, // 滨江区: strong, but has not filed its annual report yet
  '331127': 0.18, // 景宁畲族自治县
  '330922': 0.3, // 嵊泗县
  '331126': 0.22, // 庆元县
  '330824': 0.3, // 开化县
};

/** Counties without a shantytown-renovation plan this year (0 / 0). */
const NO_SHANTYTOWN_PLAN = ['330305', '330921', '330922', '331127', '331126', '330727', '330102'];
/** Urban districts without rural dilapidated houses (0 / 0). */
const NO_RURAL_HOUSING = ['330102', '330103', '330104', '330105', '330106', '330108', '330203', '330205', '330302', '330402', '330602', '331002'];

/** Per-unit value overrides (catalogue dates, plans, forced figures). */
export function valueOverrides(unitCode: string): UnitValueOverrides {
  const o: UnitValueOverrides = {};
  const dates = CATALOGUE_DATES[unitCode];
  if (dates !== undefined) o.dates = { 'CAT-01': dates };
  if (NO_SHANTYTOWN_PLAN.includes(unitCode)) o.plan = { ...o.plan, 'HS-01': 0 };
  if (NO_RURAL_HOUSING.includes(unitCode)) o.plan = { ...o.plan, 'RH-01': 0, 'RH-02': 0 };
  if (unitCode === '330109') o.plan = { ...o.plan, 'HS-01': 1280 };
  if (unitCode === '331123') o.completion = { 'RH-01': 0.91 };
  if (unitCode === '330700') o.lateEvents = { 'IN-01': [0, 1, 2, 0] };
  const gaps = CITY_GAPS[unitCode];
  if (gaps) o.booleans = Object.fromEntries(gaps.map((code) => [code, null]));
  return o;
}

/**
 * Catalogue (CAT-01) completion dates that the story fixes: several counties finished after the
 * 2018-12-31 deadline (reported in their annual report), two had not finished at all.
 */
export const CATALOGUE_DATES: Record<string, string | null> = {
  '330803': '2019-01-07', // 衢江区
  '330921': '2019-01-08', // 岱山县
  '330328': '2019-01-14', // 文成县
  '331181': '2019-01-18', // 龙泉市
  '331002': '2019-01-03', // 椒江区 (its first annual submission claimed 2018-12-28)
  '331100': '2019-01-15', // 丽水市 (its own catalogue)
  '331126': null, // 庆元县: not finished
  '330824': null, // 开化县: not finished
  '330106': '2018-06-15', // 西湖区
};

export type Reviewer = 'city' | 'office';

/** Turns the true values into the flawed ones first submitted (the reviewer returns them). */
export type Defect = (values: ReportValues, unitCode: string) => ReportValues;

export type Scenario =
  /** No report at all. */
  | { kind: 'missing' }
  /** Saved as a draft, never submitted. */
  | { kind: 'draft'; savedOn: string }
  /** The usual course, possibly late (submitOn is a China date). */
  | { kind: 'accepted'; submitOn?: string }
  /** Submitted, awaiting review (by the city for a county, by the office for a city). */
  | { kind: 'submitted'; submitOn?: string }
  /** A county report approved by its city, awaiting the office. */
  | { kind: 'approved'; submitOn?: string }
  /** Returned with a reason; `resubmitted`: corrected, resubmitted and accepted; otherwise still returned. */
  | { kind: 'returned'; by: Reviewer; reason: string; defect: Defect; resubmitted: boolean; submitOn?: string; returnOn?: string };

const numeratorToDenominator =
  (code: string): Defect =>
  (values) => {
    const v = values[code];
    if (!v || v.denominator == null || v.numerator === v.denominator) throw new Error(`演示数据设计错误：${code} 无法构造差错`);
    return { ...values, [code]: { ...v, numerator: v.denominator } };
  };

const inflateNumerator =
  (code: string, by: number): Defect =>
  (values) => {
    const v = values[code];
    if (!v || v.denominator == null || v.numerator == null) throw new Error(`演示数据设计错误：${code} 无法构造差错`);
    const inflated = Math.min(v.denominator, v.numerator + by);
    if (inflated === v.numerator) throw new Error(`演示数据设计错误：${code} 无法构造差错`);
    return { ...values, [code]: { ...v, numerator: inflated } };
  };

const evidenceToHomePage =
  (code: string): Defect =>
  (values, unitCode) => {
    const v = values[code];
    if (!v?.evidenceUrl) throw new Error(`演示数据设计错误：${code} 无佐证链接`);
    return { ...values, [code]: { ...v, evidenceUrl: homeUrl(unitCode) } };
  };

const claimDate =
  (code: string, date: string): Defect =>
  (values) => {
    const v = values[code];
    if (!v?.date) throw new Error(`演示数据设计错误：${code} 无完成日期`);
    return { ...values, [code]: { ...v, date } };
  };

/** Key: `${unitCode}@${periodCode}`. Reports not listed follow the usual course and are accepted. */
export const SCENARIOS: Record<string, Scenario> = {
  // 2018Q1 (due 2018-04-10)
  '330328@2018Q1': { kind: 'missing' }, // 文成县
  '331124@2018Q1': { kind: 'accepted', submitOn: '2018-04-13' }, // 松阳县, 3 days late
  '330109@2018Q1': {
    kind: 'returned',
    by: 'city',
    resubmitted: true,
    reason: '一季度棚户区改造已完成套数与区住房保障台账不一致（台账为开工套数），请核实后重新报送',
    defect: inflateNumerator('HS-01', 420),
  }, // 萧山区
  // 2018Q2 (due 2018-07-10)
  '331127@2018Q2': { kind: 'missing' }, // 景宁畲族自治县
  '330803@2018Q2': { kind: 'accepted', submitOn: '2018-07-23' }, // 衢江区, 13 days late
  '330324@2018Q2': {
    kind: 'returned',
    by: 'city',
    resubmitted: true,
    reason: '“网站季度抽查”的公开网页链接指向网站首页，未找到抽查情况公开页面，请更正链接后重新报送',
    defect: evidenceToHomePage('MC-04'),
  }, // 永嘉县
  // 2018Q3 (due 2018-10-10)
  '330822@2018Q3': { kind: 'draft', savedOn: '2018-10-09' }, // 常山县, never submitted
  '330921@2018Q3': { kind: 'accepted', submitOn: '2018-10-11' }, // 岱山县, 1 day late
  '331100@2018Q3': { kind: 'accepted', submitOn: '2018-10-15' }, // 丽水市, 5 days late
  '330881@2018Q3': { kind: 'accepted', submitOn: '2018-10-16' }, // 江山市, on time thanks to an extension to 10-17
  '330700@2018Q3': {
    kind: 'returned',
    by: 'office',
    resubmitted: true,
    reason: '行政处罚信息按时公开件数与“信用浙江”平台核查结果不一致（三季度有2件超过7个工作日公开），请核实更正后重新报送',
    defect: numeratorToDenominator('IN-01'),
  }, // 金华市
  // 2018Q4 annual (due 2019-01-10)
  '330108@2018Q4': { kind: 'missing' }, // 滨江区
  '331127@2018Q4': { kind: 'missing' }, // 景宁畲族自治县
  '330922@2018Q4': { kind: 'missing' }, // 嵊泗县
  '330328@2018Q4': { kind: 'accepted', submitOn: '2019-01-15' }, // 文成县, 5 days late (catalogue 01-14)
  '330825@2018Q4': { kind: 'accepted', submitOn: '2019-01-14' }, // 龙游县, 4 days late
  '331181@2018Q4': { kind: 'accepted', submitOn: '2019-01-18' }, // 龙泉市, 8 days late (catalogue 01-18)
  '331100@2018Q4': { kind: 'accepted', submitOn: '2019-01-16' }, // 丽水市, 6 days late (catalogue 01-15)
  '330803@2018Q4': { kind: 'accepted', submitOn: '2019-01-09' }, // 衢江区 (catalogue 01-07)
  '330921@2018Q4': { kind: 'accepted', submitOn: '2019-01-10' }, // 岱山县 (catalogue 01-08)
  '331002@2018Q4': {
    kind: 'returned',
    by: 'office',
    resubmitted: true,
    submitOn: '2019-01-04',
    reason: '本级主动公开基本目录编制完成日期填报为2018年12月28日，但佐证页面发布日期为2019年1月3日，请核实更正后重新报送',
    defect: claimDate('CAT-01', '2018-12-28'),
  }, // 椒江区
  '331123@2018Q4': {
    kind: 'returned',
    by: 'city',
    resubmitted: false,
    submitOn: '2019-01-10',
    returnOn: '2019-01-16',
    reason: '农村危房改造已竣工户数与市村镇建设处抽查核实数不一致（部分农户尚未竣工验收），请核实后重新报送',
    defect: numeratorToDenominator('RH-01'),
  }, // 遂昌县, still returned
  '330329@2018Q4': { kind: 'submitted', submitOn: '2019-01-22' }, // 泰顺县, 12 days late, awaiting 温州市
  '331024@2018Q4': { kind: 'submitted', submitOn: '2019-01-24' }, // 仙居县, 14 days late, awaiting 台州市
  '330727@2018Q4': { kind: 'submitted', submitOn: '2019-01-10' }, // 磐安县, awaiting 金华市
  '330824@2018Q4': { kind: 'submitted', submitOn: '2019-01-09' }, // 开化县, awaiting 衢州市
  '330624@2018Q4': { kind: 'approved' }, // 新昌县, awaiting the office
  '330483@2018Q4': { kind: 'approved' }, // 桐乡市
  '330226@2018Q4': { kind: 'approved' }, // 宁海县
  '331083@2018Q4': { kind: 'approved' }, // 玉环市
  '330381@2018Q4': { kind: 'approved' }, // 瑞安市
};

/** The office extends one county's Q3 due date by 7 days. */
export const DUE_EXTENSION = {
  unitCode: '330881', // 江山市
  periodCode: '2018Q3',
  due: '2018-10-17',
  grantedOn: '2018-10-08',
  reason: '江山市住建局因机构改革人员调整，申请延期报送三季度报告，经厅办公室同意延期7天至2018年10月17日',
};

/** Summary of the design, for tests and documentation. `unit@period` keys. */
export function storySummary() {
  const entries = Object.entries(SCENARIOS);
  const keys = (pred: (s: Scenario, key: string) => boolean) => entries.filter(([k, s]) => pred(s, k)).map(([k]) => k).sort();
  const dueOf: Record<string, string> = { '2018Q1': '2018-04-10', '2018Q2': '2018-07-10', '2018Q3': '2018-10-10', '2018Q4': '2019-01-10' };
  return {
    missing: keys((s) => s.kind === 'missing'),
    neverSubmitted: keys((s) => s.kind === 'draft'),
    late: keys((s, k) => {
      const submitOn = 'submitOn' in s ? s.submitOn : undefined;
      const [unit, period] = k.split('@');
      const due = unit === DUE_EXTENSION.unitCode && period === DUE_EXTENSION.periodCode ? DUE_EXTENSION.due : dueOf[period];
      return submitOn !== undefined && submitOn > due;
    }),
    returnedResubmitted: keys((s) => s.kind === 'returned' && s.resubmitted),
    returnedNow: keys((s) => s.kind === 'returned' && !s.resubmitted),
    awaitingCity: keys((s) => s.kind === 'submitted'),
    awaitingOffice: keys((s) => s.kind === 'approved'),
  };
}
