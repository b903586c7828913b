import type { Queryable } from '../../db/client';
import { periods } from '../../db/schema';
import { listSchemeYears, readScheme } from '../../db/repo/schemes';
import { hasEvidence, type IndicatorValue, type ReportValues } from '../../shared/report-values';
import { effectiveRule, type Indicator, type PeriodDef, type ReportingLevel, type Scheme } from '../../shared/scheme';
import { currentPeriod, quarterEnd, unitExistedIn } from '../../shared/periods';
import { figure, rational, ratePercent, sumRatioFigures } from '../../shared/scoring';
import { Invalid, NotFound } from '../errors';
import { cachedScores } from './scores';
import { countedReports, type CountedReports } from './counted-reports';
import { statusGrid, type GridRow } from './status-grid';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { daysBetween, formatDateZh, isIsoDate, monthsLate, today } from '../../shared/dates';

/**
 * The dashboards: one aggregated answer per view. Progress figures use each unit's latest
 * SUBMITTED report up to the period (submitted, approved by the city or accepted: 进度数据（含未审核）);
 * timeliness comes from the status grid; progress scores from `cachedScores` with basis 'submitted'.
 */

const BASIS_LABEL = '进度数据（含未审核）';
const CATALOGUE = 'CAT-01';
const SHANTYTOWN = 'HS-01';
const RURAL = 'RH-01';
const HS_FUND = 'HS-03';
const RH_FUND = 'RH-03';
const SECTOR_GROUP = 'IN';
const DEFAULT_CATALOGUE_DEADLINE = '2018-12-31';
/** Where uploaded evidence files are served (server/routes/evidence.ts). */
const EVIDENCE_PREFIX = '/api/evidence';

/** Whose data a view shows: the province (optionally one city), a city with its counties, or one county. */
export interface DashboardScope {
  level: 'province' | 'city' | 'county';
  /** The city (level city) or county (level county); null for the whole province. */
  code: string | null;
  label: string;
}

interface DashboardRequest {
  /** Omitted: the year of the period current on the app clock's day. */
  year?: number;
  periodCode?: string;
  scope: DashboardScope;
}

/** A percentage 0…100 rounded half-up to 0.1, computed exactly; null when there is nothing to divide by. */
export function pct(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return ratePercent(rational.fromDecimal(numerator), rational.fromDecimal(denominator), 1);
}

function evidenceLink(v: IndicatorValue | undefined): string | null {
  if (v?.evidenceUrl?.trim()) return v.evidenceUrl.trim();
  if (v?.evidenceFile?.trim()) return `${EVIDENCE_PREFIX}/${v.evidenceFile.trim()}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Context shared by both views
// ---------------------------------------------------------------------------------------------

interface ViewContext {
  year: number;
  years: number[];
  scope: DashboardScope;
  scheme: Scheme;
  period: PeriodDef;
  /** The year's periods in order. */
  periods: PeriodDef[];
  periodIndex: number;
  day: string;
  /** Reporting units in scope that existed in the period (cities first, then counties, by code). */
  units: OrgUnit[];
  cities: OrgUnit[];
  counties: OrgUnit[];
  childrenOf: (code: string) => OrgUnit[];
  counted: CountedReports;
  values: Map<string, ReportValues>;
  indicator: (code: string) => Indicator | undefined;
}

/** The assessment year current on a day: one with a period open, else the latest that has started, else the latest. */
function currentYear(db: Queryable, day: string): number | null {
  const years = listSchemeYears(db)
    .map((y) => y.year)
    .sort((a, b) => a - b);
  if (!years.length) return null;
  const pers = db.select().from(periods).all();
  const yearOf = (code: string) => Number(code.slice(0, 4));
  const open = pers.filter((p) => p.opens <= day && day <= p.locks).map((p) => yearOf(p.code));
  if (open.length) return Math.min(...open);
  const started = pers.filter((p) => p.opens <= day).map((p) => yearOf(p.code));
  return started.length ? Math.max(...started) : years[years.length - 1];
}

function viewContext(db: Queryable, units: UnitDirectory, req: DashboardRequest, now: Date): ViewContext {
  const year = req.year ?? currentYear(db, today(now));
  if (year === null) throw new NotFound('尚未设置任何年度的考核方案');
  const stored = readScheme(db, year);
  if (!stored) throw new NotFound(`${year} 年度考核方案不存在`);
  const scheme = stored.scheme;
  const sorted = [...scheme.periods].sort((a, b) => a.code.localeCompare(b.code));
  if (!sorted.length) throw new NotFound(`${year} 年度尚未设置期次`);
  const day = today(now);
  let period: PeriodDef;
  if (req.periodCode) {
    const p = sorted.find((x) => x.code === req.periodCode);
    if (!p) throw new Invalid(`期次 ${req.periodCode} 不属于 ${year} 年度`, [{ path: 'periodCode', message: `不属于 ${year} 年度` }]);
    period = p;
  } else {
    period = currentPeriod(sorted, day) ?? sorted[0];
  }
  const existed = (u: OrgUnit) => unitExistedIn(u, period);
  const { scope } = req;
  let cities: OrgUnit[];
  let counties: OrgUnit[];
  if (scope.level === 'province') {
    cities = units.all().filter((u) => u.level === 'city' && existed(u));
    counties = cities.flatMap((c) => units.childrenOf(c.code).filter(existed));
  } else if (scope.level === 'city') {
    const city = units.get(scope.code ?? '');
    if (!city) throw new NotFound(`单位 ${scope.code} 不存在`);
    cities = [city];
    counties = units.childrenOf(city.code).filter(existed);
  } else {
    const county = units.get(scope.code ?? '');
    if (!county) throw new NotFound(`单位 ${scope.code} 不存在`);
    cities = [];
    counties = [county];
  }
  // The dashboards show progress: every report submitted, approved or accepted counts (basis 'submitted').
  const counted = countedReports(db, stored.id, 'submitted');
  const byCode = new Map(scheme.indicators.map((i) => [i.code, i]));
  return {
    year,
    years: listSchemeYears(db)
      .map((y) => y.year)
      .sort((a, b) => b - a),
    scope,
    scheme,
    period,
    periods: sorted,
    periodIndex: sorted.findIndex((p) => p.code === period.code),
    day,
    units: [...cities, ...counties],
    cities,
    counties,
    childrenOf: (code) => units.childrenOf(code).filter(existed),
    counted,
    values: counted.valuesAsOf(period.code),
    indicator: (code) => byCode.get(code),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures over a set of units
// ---------------------------------------------------------------------------------------------

interface RatioFigures {
  /** Σ numerators (completed / done) over the units whose figures count. */
  done: number;
  /** Σ denominators (planned / task). */
  target: number;
  /** Percentage done/target, 0…100, null when there is no task. */
  rate: number | null;
  /** Units expected to report the figure and units whose figures entered the sums. */
  expected: number;
  reporting: number;
}

/** Σ numerator / Σ denominator of a ratio indicator over units, exactly as the city rollup scores it. */
function ratioOver(units: OrgUnit[], values: Map<string, ReportValues>, code: string): RatioFigures {
  const f = sumRatioFigures(
    units.map((u) => ({ code: u.code, name: u.name, values: values.get(u.code) ?? null })),
    code,
  );
  return {
    done: rational.toNumber(f.numerator),
    target: rational.toNumber(f.denominator),
    rate: ratePercent(f.numerator, f.denominator, 1),
    expected: units.length,
    reporting: f.counted,
  };
}

interface CatalogueFigures {
  done: number;
  onTime: number;
  total: number;
}

function catalogueOver(units: OrgUnit[], values: Map<string, ReportValues>, asOf: string, deadline: string): CatalogueFigures {
  let done = 0;
  let onTime = 0;
  for (const u of units) {
    const date = values.get(u.code)?.[CATALOGUE]?.date?.trim();
    if (!date || !isIsoDate(date) || date > asOf) continue;
    done += 1;
    if (date <= deadline) onTime += 1;
  }
  return { done, onTime, total: units.length };
}

/** A unit's fund-evaluation figures (HS-03 / RH-03, city indicators). */
function fundOf(values: ReportValues | undefined, code: string, hasReport: boolean) {
  const v = values?.[code];
  const yes = v?.yes ?? null;
  const evidence = evidenceLink(v);
  const score = v?.extra?.evaluationScore;
  return {
    hasReport,
    yes,
    published: yes === true && hasEvidence(v),
    evaluationScore: typeof score === 'number' && Number.isFinite(score) ? score : null,
    evidence,
    note: v?.note ?? null,
  };
}
function submittedShare(rows: GridRow[], codes: Set<string>, periodIndex: number) {
  let expected = 0;
  let submitted = 0;
  for (const r of rows) {
    if (!codes.has(r.unitCode)) continue;
    const c = r.cells[periodIndex];
    if (!c?.exists) continue;
    expected += 1;
    if (c.timeliness === 'on-time' || c.timeliness === 'late') submitted += 1;
  }
  return { expected, submitted };
}

/** Progress target line: rising evenly by quarter, 100% from the quarter that holds the deadline on. */
function targetFor(periodCode: string, index: number, count: number, deadline: string): number {
  let end: string | null = null;
  try {
    end = quarterEnd(periodCode);
  } catch {
    end = null;
  }
  if (end && end >= deadline) return 100;
  return pct(index + 1, Math.max(1, count)) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Overview
// ---------------------------------------------------------------------------------------------

export interface Measure {
  key: string;
  name: string;
  unit: '分' | '%';
}

export interface UnitRow {
  code: string;
  name: string;
  level: ReportingLevel;
  parentCode: string | null;
  /** Progress score S in cents (submitted basis); null when not scored. */
  S: number | null;
  grade: string | null;
  hasReport: boolean;
  /** Measure key → value (points for 'S', else a percentage 0…100); null when not applicable. */
  values: Record<string, number | null>;
}

interface ProgressPoint {
  period: string;
  periodName: string;
  /** false for periods that have not opened yet (no figures). */
  opened: boolean;
  submittedPct: number | null;
  cataloguePct: number | null;
  shantytownRate: number | null;
  ruralRate: number | null;
  target: number;
}

/** What both dashboard answers open with: the view's year, period, scope and basis. */
function viewHeader(v: ViewContext) {
  const { period, day } = v;
  return {
    year: v.year,
    years: v.years,
    basis: 'submitted' as const,
    basisLabel: BASIS_LABEL,
    today: day,
    period: { code: period.code, name: period.name, due: period.due, opens: period.opens, locks: period.locks },
    periods: v.periods.map((p) => ({ code: p.code, name: p.name, opened: p.opens <= day })),
    scope: v.scope,
    scopeLabel: v.scope.label,
  };
}

export function overview(db: Queryable, units: UnitDirectory, req: DashboardRequest, now: Date) {
  const v = viewContext(db, units, req, now);
  const { scheme, period, day } = v;
  const catInd = v.indicator(CATALOGUE);
  const deadline = catInd?.deadline ?? DEFAULT_CATALOGUE_DEADLINE;
  const grid = statusGrid(db, v.units, v.year, now);
  const sum = grid.summary.find((s) => s.periodCode === period.code);
  const kpis = {
    expected: sum?.expected ?? 0,
    submitted: sum?.submitted ?? 0,
    onTime: sum?.onTime ?? 0,
    late: sum?.late ?? 0,
    missing: sum?.missing ?? 0,
    pending: sum?.pending ?? 0,
    accepted: sum?.accepted ?? 0,
    submittedPct: pct(sum?.submitted ?? 0, sum?.expected ?? 0),
    due: period.due,
  };
  const cat = catalogueOver(v.units, v.values, period.due, deadline);
  const catalogue = { ...cat, late: cat.done - cat.onTime, pct: pct(cat.done, cat.total), deadline, daysLeft: daysBetween(day, deadline) };
  const hs = ratioOver(v.counties, v.values, SHANTYTOWN);
  const rh = ratioOver(v.counties, v.values, RURAL);
  const shantytown = { completed: hs.done, planned: hs.target, rate: hs.rate, reporting: hs.reporting, expected: hs.expected };
  const ruralHousing = { done: rh.done, task: rh.target, rate: rh.rate, reporting: rh.reporting, expected: rh.expected };
  const funds = v.cities.flatMap((c) => {
    const has = v.values.has(c.code);
    return [fundOf(v.values.get(c.code), HS_FUND, has), fundOf(v.values.get(c.code), RH_FUND, has)];
  });
  const fundEvaluations = {
    published: funds.filter((f) => f.published).length,
    total: funds.length,
    housing: { published: funds.filter((f, i) => i % 2 === 0 && f.published).length, total: v.cities.length },
    rural: { published: funds.filter((f, i) => i % 2 === 1 && f.published).length, total: v.cities.length },
  };

  // Progress across the year's periods.
  const sorted = v.periods;
  const progressSeries: ProgressPoint[] = sorted.map((p, i) => {
    const opened = p.opens <= day;
    const s = grid.summary.find((x) => x.periodCode === p.code);
    const vals = v.counted.valuesAsOf(p.code);
    const c = catalogueOver(v.units, vals, p.due, deadline);
    return {
      period: p.code,
      periodName: p.name,
      opened,
      submittedPct: opened ? pct(s?.submitted ?? 0, s?.expected ?? 0) : null,
      cataloguePct: opened ? pct(c.done, c.total) : null,
      shantytownRate: opened ? ratioOver(v.counties, vals, SHANTYTOWN).rate : null,
      ruralRate: opened ? ratioOver(v.counties, vals, RURAL).rate : null,
      target: targetFor(p.code, i, sorted.length, deadline),
    };
  });

  // Per-unit rows for the comparison chart and the tile grid.
  const run = cachedScores(db, units, { year: v.year, periodCode: period.code, basis: 'submitted' });
  const levelInds = (level: ReportingLevel) => scheme.indicators.filter((i) => i.points[level] !== undefined);
  const indicatorLevel: ReportingLevel = v.scope.level === 'county' ? 'county' : 'city';
  const measures: Measure[] = [
    { key: 'S', name: '进度得分', unit: '分' },
    { key: 'submittedPct', name: '本期报送率', unit: '%' },
    { key: 'cataloguePct', name: '基本目录编制率', unit: '%' },
    { key: 'shantytownRate', name: '棚户区改造完成率', unit: '%' },
    { key: 'ruralRate', name: '农村危房改造完成率', unit: '%' },
    ...levelInds(indicatorLevel).map((i) => ({ key: i.code, name: `${i.code} ${i.name}（得分率）`, unit: '%' as const })),
  ];
  const rowOf = (u: OrgUnit): UnitRow => {
    const members = u.level === 'city' ? [u, ...v.childrenOf(u.code)] : [u];
    const countyMembers = members.filter((m) => m.level === 'county');
    const share = submittedShare(grid.rows, new Set(members.map((m) => m.code)), v.periodIndex);
    const c = catalogueOver(members, v.values, period.due, deadline);
    const score = run.units[u.code];
    const values: Record<string, number | null> = {
      S: score ? score.S / 100 : null,
      submittedPct: pct(share.submitted, share.expected),
      cataloguePct: pct(c.done, c.total),
      shantytownRate: ratioOver(countyMembers, v.values, SHANTYTOWN).rate,
      ruralRate: ratioOver(countyMembers, v.values, RURAL).rate,
    };
    for (const ind of score?.indicators ?? []) values[ind.code] = pct(ind.score, ind.points);
    return {
      code: u.code,
      name: u.name,
      level: u.level === 'city' ? 'city' : 'county',
      parentCode: u.parentCode,
      S: score ? score.S : null,
      grade: score?.grade ?? null,
      hasReport: v.values.has(u.code),
      values,
    };
  };

  return {
    ...viewHeader(v),
    kpis,
    catalogue,
    shantytown,
    ruralHousing,
    fundEvaluations,
    progressSeries,
    measures,
    cities: v.cities.map(rowOf),
    counties: req.scope.level === 'province' ? [] : v.counties.map(rowOf),
  };
}
export type Overview = ReturnType<typeof overview>;

// ---------------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------------

export interface RatioRow extends RatioFigures {
  code: string;
  name: string;
  level: ReportingLevel;
  hasReport: boolean;
  /** Counties whose figures were left out (no submitted report, or the item not filled in). */
  leftOut: string[];
  children: RatioRow[];
}

type SectorStatus = 'done' | 'not-done' | 'late' | 'n/a';

interface SectorCell {
  status: SectorStatus;
  /** What was reported, in Chinese (e.g. "12/12 件", "2018年3月28日"). */
  detail: string;
}

function ratioRows(v: ViewContext, code: string): { total: RatioFigures; rows: RatioRow[] } {
  const countyRow = (u: OrgUnit): RatioRow => {
    const f = ratioOver([u], v.values, code);
    return { code: u.code, name: u.name, level: 'county', hasReport: v.values.has(u.code), ...f, leftOut: f.reporting ? [] : [u.name], children: [] };
  };
  const rows: RatioRow[] =
    v.scope.level === 'county'
      ? v.counties.map(countyRow)
      : v.cities.map((city) => {
          const kids = v.childrenOf(city.code).map(countyRow);
          const f = ratioOver(v.childrenOf(city.code), v.values, code);
          return { code: city.code, name: city.name, level: 'city', hasReport: v.values.has(city.code), ...f, leftOut: kids.flatMap((k) => k.leftOut), children: kids };
        });
  return { total: ratioOver(v.counties, v.values, code), rows };
}

function sectorCell(ind: Indicator, level: ReportingLevel, values: ReportValues | undefined, asOf: string): SectorCell {
  if (ind.points[level] === undefined) return { status: 'n/a', detail: '不适用' };
  if (!values) return { status: 'not-done', detail: '无已报送报告' };
  const v = values[ind.code];
  const unit = ind.value?.unit ? ` ${ind.value.unit}` : '';
  const rule = effectiveRule(ind, level).rule;
  switch (rule) {
    case 'deadline': {
      const date = v?.date?.trim();
      if (!date) return { status: 'not-done', detail: '未填报完成日期' };
      if (!isIsoDate(date)) return { status: 'not-done', detail: `日期无效（${date}）` };
      if (date > asOf) return { status: 'not-done', detail: `${formatDateZh(date)}（晚于本期截止）` };
      if (ind.deadline && date > ind.deadline) {
        return { status: 'late', detail: `${formatDateZh(date)}完成，截止${formatDateZh(ind.deadline)}，逾期${monthsLate(ind.deadline, date)}个月` };
      }
      return { status: 'done', detail: `${formatDateZh(date)}完成` };
    }
    case 'ratio': {
      const f = sumRatioFigures([{ code: '', name: '', values }], ind.code);
      if (!f.counted) return { status: 'not-done', detail: '未填报' };
      const [n, d] = [rational.toNumber(f.numerator), rational.toNumber(f.denominator)];
      if (d === 0) return ind.fullWhenNone ? { status: 'done', detail: `本期无应公开事项（0${unit}）` } : { status: 'not-done', detail: '分母为 0' };
      const reached = rational.cmp(rational.div(f.numerator, f.denominator), rational.fromDecimal(ind.target ?? 1)) >= 0;
      return { status: reached ? 'done' : 'not-done', detail: `${n}/${d}${unit}（${ratePercent(f.numerator, f.denominator, 1)}%）` };
    }
    case 'count': {
      const c = figure(v?.count);
      if (!c.ok) return { status: 'not-done', detail: '未填报' };
      const target = ind.target ?? 1;
      return { status: rational.cmp(c.value, rational.fromDecimal(target)) >= 0 ? 'done' : 'not-done', detail: `${v?.count}/${target}${unit}` };
    }
    case 'boolean': {
      if (v?.yes == null) return { status: 'not-done', detail: '未填报' };
      if (!v.yes) return { status: 'not-done', detail: '否' };
      if (ind.evidence !== 'optional' && !hasEvidence(v)) return { status: 'not-done', detail: '是（缺佐证材料）' };
      return { status: 'done', detail: '是（有佐证）' };
    }
    default:
      return { status: 'n/a', detail: '汇总/人工评分指标' };
  }
}

export function topics(db: Queryable, units: UnitDirectory, req: DashboardRequest, now: Date) {
  const v = viewContext(db, units, req, now);
  const { scheme, period } = v;
  const shantytown = ratioRows(v, SHANTYTOWN);
  const ruralHousing = ratioRows(v, RURAL);
  const fundEvaluations = v.cities.map((c) => {
    const has = v.values.has(c.code);
    return { code: c.code, name: c.name, housing: fundOf(v.values.get(c.code), HS_FUND, has), rural: fundOf(v.values.get(c.code), RH_FUND, has) };
  });
  const sectorIndicators = scheme.indicators
    .filter((i) => i.group === SECTOR_GROUP)
    .map((i) => ({
      code: i.code,
      name: i.name,
      rule: i.rule,
      deadline: i.deadline ?? null,
      target: i.target ?? null,
      unit: i.value?.unit ?? null,
      levels: (['city', 'county'] as const).filter((l) => i.points[l] !== undefined),
    }));
  const sectorInds = scheme.indicators.filter((i) => i.group === SECTOR_GROUP);
  const matrixUnits = v.scope.level === 'province' ? v.cities : v.units;
  const sectorMatrix = matrixUnits.map((u) => {
    const level: ReportingLevel = u.level === 'city' ? 'city' : 'county';
    const vals = v.values.get(u.code);
    return {
      code: u.code,
      name: u.name,
      level,
      hasReport: vals !== undefined,
      cells: Object.fromEntries(sectorInds.map((i) => [i.code, sectorCell(i, level, vals, period.due)])) as Record<string, SectorCell>,
    };
  });
  const hsInd = v.indicator(SHANTYTOWN);
  const rhInd = v.indicator(RURAL);
  return {
    ...viewHeader(v),
    labels: {
      shantytown: { done: hsInd?.value?.numerator ?? '已完成改造套数', target: hsInd?.value?.denominator ?? '年度计划改造套数', unit: hsInd?.value?.unit ?? '套' },
      ruralHousing: { done: rhInd?.value?.numerator ?? '已竣工户数', target: rhInd?.value?.denominator ?? '年度任务户数', unit: rhInd?.value?.unit ?? '户' },
    },
    shantytown,
    ruralHousing,
    fundEvaluations,
    sectorIndicators,
    sectorMatrix,
  };
}
