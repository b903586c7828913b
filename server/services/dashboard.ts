import type { Queryable } from '../../db/client';
import { periods } from '../../db/schema';
import { listSchemeYears, readScheme } from '../../db/repo/schemes';
import { hasEvidence, type ReportValues } from '../../shared/report-values';
import { effectiveRule, type Indicator, type PeriodDef, type ReportingLevel, type Scheme } from '../../shared/scheme';
import { currentPeriod, quarterEnd, unitExistedIn } from '../../shared/periods';
import { figure, rational, ratePercent, sumRatioFigures } from '../../shared/scoring';
import { Invalid, NotFound } from '../errors';
import { countedReports } from './counted-reports';
import { isBureau, type OrgUnit, type UnitDirectory } from './unit-directory';
import { storedUnitScores } from './derived/stored-scores';
import {
  catalogueDeadlineOf,
  fundOf,
  missingOn,
  parseRat,
  progressStore,
  sumFacts,
  HS_FUND,
  PROVINCE_SCOPE,
  RH_FUND,
  RURAL,
  SHANTYTOWN,
  type ProgressSums,
} from './derived/progress';
import { daysBetween, formatDateZh, isIsoDate, monthsLate, today } from '../../shared/dates';

/**
 * The dashboards: one aggregated answer per view. Progress figures use each unit's latest
 * SUBMITTED report up to the period (submitted, approved by the city or accepted: 进度数据（含未审核）);
 * the overview reads the stored figures kept as data arrives (services/derived/), topics compute
 * from the counted reports (`countedReports`).
 */

const BASIS_LABEL = '进度数据（含未审核）';
const SECTOR_GROUP = 'IN';

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
  // Counts and cents (the overview's thousands of rates): tenths of a percent half-up in exact integer arithmetic.
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && numerator >= 0 && numerator < 2 ** 40 && denominator < 2 ** 40) {
    const a = numerator * 2000 + denominator;
    const b = 2 * denominator;
    let tenths = Math.floor(a / b);
    if (tenths * b > a) tenths -= 1;
    else if ((tenths + 1) * b <= a) tenths += 1;
    return tenths / 10;
  }
  return ratePercent(rational.fromDecimal(numerator), rational.fromDecimal(denominator), 1);
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
  schemeId: number;
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
    schemeId: stored.id,
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

/** Rates of a sum of shantytown / rural-housing figures (Σ numerators / Σ denominators, exactly). */
function ratioOfSums(r: ProgressSums['hs']) {
  const n = parseRat(r.n);
  const d = parseRat(r.d);
  return { done: rational.toNumber(n), target: rational.toNumber(d), rate: ratePercent(n, d, 1), reporting: r.counted, expected: r.counties };
}

/**
 * 全省总览, read from the stored figures (services/derived/progress.ts and stored-scores.ts): the
 * sums of the scope for the period and each period of the year, and each listed unit's sums and
 * stored progress score. Nothing is scored or summed over all units here.
 */
export function overview(db: Queryable, units: UnitDirectory, req: DashboardRequest, now: Date) {
  const v = viewContext(db, units, req, now);
  const { scheme, period, day } = v;
  const deadline = catalogueDeadlineOf(scheme);
  const store = progressStore(db, units, v.year);
  // Stored sums cover the units that existed in each period; when a unit of the year came or went,
  // the view's units (those of the chosen period) are summed from their facts instead.
  const shifting = units.all().some((u) => isBureau(u) && (u.validFrom || u.validTo) && v.periods.some((p) => unitExistedIn(u, p) !== unitExistedIn(u, period)));
  const scopeSums = (p: PeriodDef): ProgressSums => {
    if (!shifting && v.scope.level === 'province') return store.sums(p.code, PROVINCE_SCOPE);
    if (!shifting && v.scope.level === 'city') return store.sums(p.code, v.scope.code!);
    const f = store.facts(p.code, v.units.map((u) => u.code));
    return sumFacts(v.units.flatMap((u) => (f.has(u.code) ? [f.get(u.code)!] : [])), p, deadline);
  };
  const sums = scopeSums(period);
  const { missing, pending } = missingOn(sums, day);
  const submitted = sums.onTime + sums.late;
  const kpis = {
    expected: sums.expected,
    submitted,
    onTime: sums.onTime,
    late: sums.late,
    missing,
    pending,
    accepted: sums.accepted,
    submittedPct: pct(submitted, sums.expected),
    due: period.due,
  };
  const catalogue = {
    done: sums.catalogueDone,
    onTime: sums.catalogueOnTime,
    total: sums.units,
    late: sums.catalogueDone - sums.catalogueOnTime,
    pct: pct(sums.catalogueDone, sums.units),
    deadline,
    daysLeft: daysBetween(day, deadline),
  };
  const hs = ratioOfSums(sums.hs);
  const rh = ratioOfSums(sums.rh);
  const shantytown = { completed: hs.done, planned: hs.target, rate: hs.rate, reporting: hs.reporting, expected: hs.expected };
  const ruralHousing = { done: rh.done, task: rh.target, rate: rh.rate, reporting: rh.reporting, expected: rh.expected };
  const fundEvaluations = {
    published: sums.fundsHousing + sums.fundsRural,
    total: 2 * sums.cities,
    housing: { published: sums.fundsHousing, total: sums.cities },
    rural: { published: sums.fundsRural, total: sums.cities },
  };

  // Progress across the year's periods.
  const progressSeries: ProgressPoint[] = v.periods.map((p, i) => {
    const opened = p.opens <= day;
    const s = p.code === period.code ? sums : scopeSums(p);
    return {
      period: p.code,
      periodName: p.name,
      opened,
      submittedPct: opened ? pct(s.onTime + s.late, s.expected) : null,
      cataloguePct: opened ? pct(s.catalogueDone, s.units) : null,
      shantytownRate: opened ? ratioOfSums(s.hs).rate : null,
      ruralRate: opened ? ratioOfSums(s.rh).rate : null,
      target: targetFor(p.code, i, v.periods.length, deadline),
    };
  });

  // Per-unit rows for the comparison chart and the tile grid.
  const listed = req.scope.level === 'province' ? v.cities : [...v.cities, ...v.counties];
  const scores = storedUnitScores(db, units, { year: v.year, periodCode: period.code, basis: 'submitted' }, listed.map((u) => u.code));
  // A city's row needs its counties' facts only when they are summed here (see `shifting`).
  const facts = store.facts(period.code, listed.flatMap((u) => (u.level === 'city' && shifting ? [u.code, ...v.childrenOf(u.code).map((c) => c.code)] : [u.code])));
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
    const s = !shifting && u.level === 'city' ? store.sums(period.code, u.code) : sumFacts(members.flatMap((m) => (facts.has(m.code) ? [facts.get(m.code)!] : [])), period, deadline);
    const score = scores.get(u.code);
    const values: Record<string, number | null> = {
      S: score ? score.S / 100 : null,
      submittedPct: pct(s.onTime + s.late, s.expected),
      cataloguePct: pct(s.catalogueDone, s.units),
      shantytownRate: ratioOfSums(s.hs).rate,
      ruralRate: ratioOfSums(s.rh).rate,
    };
    for (const ind of score?.indicators ?? []) values[ind.code] = pct(ind.score, ind.points);
    return {
      code: u.code,
      name: u.name,
      level: u.level === 'city' ? 'city' : 'county',
      parentCode: u.parentCode,
      S: score ? score.S : null,
      grade: score?.grade ?? null,
      hasReport: facts.get(u.code)?.hasReport ?? false,
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

/** A view with each unit's counted values (progress basis) as of the period. */
interface TopicsContext extends ViewContext {
  values: Map<string, ReportValues>;
}

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

function ratioRows(v: TopicsContext, code: string): { total: RatioFigures; rows: RatioRow[] } {
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
  const base = viewContext(db, units, req, now);
  // Progress: every report submitted, approved or accepted counts (basis 'submitted').
  const v: TopicsContext = { ...base, values: countedReports(db, base.schemeId, 'submitted').valuesAsOf(base.period.code) };
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
