import { eq, sql } from 'drizzle-orm';
import { prepared, type Queryable } from '../../db/client';
import { schemes } from '../../db/schema';
import { readSchemeShared } from '../../db/repo/schemes';
import { rankCounties, rankUnits, scoreUnit, type Adjustment, type AnnualCells, type Cents, type ManualScore, type UnitScore } from '../../shared/scoring';
import { scoredLevels, type Scheme } from '../../shared/scheme';
import { ledgerFiguresOf } from './department/ledger';
import { budgetFiguresOf } from './department/budgets';
import { NotFound } from '../errors';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { countedReports, type Basis, type CountedReports } from './counted-reports';
import { acceptedAnnualCells } from './annual-reports';


export interface ScoreRequest {
  year: number;
  /** A period's progress view ("as of 2018Q3"); omitted = the annual assessment. */
  periodCode?: string;
  basis?: Basis;
}

export interface RankingRow {
  rank: number;
  code: string;
  name: string;
  S: Cents;
  raw: Cents;
  adjustmentTotal: Cents;
  groups: Record<string, Cents>;
  contribution: Cents;
  grade: string | null;
  hasReport: boolean;
  /** S minus S of the previous period's view (progress) or of the same view a quarter earlier; null when none. */
  changeVsPreviousPeriod: Cents | null;
  /** S minus S of the previous year's annual assessment; null when there is no previous year. */
  changeVsPreviousYear: Cents | null;
}

export interface CountyRankingRow extends RankingRow {
  cityCode: string;
  cityName: string;
  cityRank: number;
}

export interface ScoreRun {
  year: number;
  kind: 'annual' | 'progress';
  basis: Basis;
  period: { code: string; name: string };
  asOf: string;
  title: string;
  disclosureWeight: number;
  groups: { code: string; name: string }[];
  grades: { name: string; min: number }[];
  cities: RankingRow[];
  counties: CountyRankingRow[];
  /** The department's divisions (厅机关处室), ranked by S; empty when the scheme does not score them. */
  divisions: RankingRow[];
  units: Record<string, UnitScore>;
}

/** The rows of a year's adjustments or manual scores (of the named units only, when named): one prepared statement each. */
function scoringInputRows<R>(db: Queryable, table: 'adjustments' | 'manual_scores', columns: string, year: number, codes?: readonly string[]): R[] {
  const base = `select unit_code as unitCode, ${columns} from ${table} where year = ?`;
  return (codes ? prepared(db, `${base} and unit_code in (select value from json_each(?))`).all(year, JSON.stringify(codes)) : prepared(db, base).all(year)) as R[];
}

function adjustmentsOf(db: Queryable, year: number, codes?: readonly string[]) {
  const by = new Map<string, Adjustment[]>();
  for (const r of scoringInputRows<{ unitCode: string; cents: number; reason: string }>(db, 'adjustments', 'cents, reason', year, codes)) {
    by.set(r.unitCode, [...(by.get(r.unitCode) ?? []), { cents: r.cents, reason: r.reason }]);
  }
  return by;
}

/** Reviewers' scores for `manual` indicators: unit → indicator → { cents, reason }. */
function manualScoresOf(db: Queryable, year: number, codes?: readonly string[]) {
  const by = new Map<string, Record<string, ManualScore>>();
  for (const r of scoringInputRows<{ unitCode: string; indicatorCode: string; cents: number; reason: string }>(db, 'manual_scores', 'indicator_code as indicatorCode, cents, reason', year, codes)) {
    by.set(r.unitCode, { ...(by.get(r.unitCode) ?? {}), [r.indicatorCode]: { cents: r.cents, reason: r.reason } });
  }
  return by;
}

/** A view's scheme, period, basis and assessment date: what every unit of the view is scored against. */
export interface ViewMeta {
  stored: NonNullable<ReturnType<typeof readSchemeShared>>;
  scheme: Scheme;
  period: Scheme['periods'][number];
  annual: boolean;
  basis: Basis;
  asOf: string;
}

export function viewMeta(db: Queryable, req: ScoreRequest): ViewMeta {
  const stored = readSchemeShared(db, req.year);
  if (!stored) throw new NotFound(`${req.year} 年度考核方案不存在`);
  const { scheme } = stored;
  const annualPeriod = scheme.periods.find((p) => p.annual) ?? scheme.periods[scheme.periods.length - 1];
  const annual = !req.periodCode;
  const period = annual ? annualPeriod : scheme.periods.find((p) => p.code === req.periodCode);
  if (!period) throw new NotFound(`期次 ${req.periodCode} 不属于 ${req.year} 年度`);
  const basis: Basis = annual ? 'accepted' : (req.basis ?? 'accepted');
  const asOf = annual ? period.locks : period.due;
  return { stored, scheme, period, annual, basis, asOf };
}

/** The units a view scores: cities that existed on the period's due date with their counties, and the divisions when the scheme scores them. */
export interface ViewUnits {
  cities: OrgUnit[];
  countiesOf(cityCode: string): OrgUnit[];
  divisions: OrgUnit[];
}

export function viewUnits(units: UnitDirectory, meta: ViewMeta): ViewUnits {
  const due = meta.period.due;
  const withDivisions = scoredLevels(meta.scheme).includes('division');
  return units.derived(`viewUnits|${due}|${withDivisions}`, (all) => {
    const existing = (u: OrgUnit) => (!u.validFrom || u.validFrom <= due) && (!u.validTo || u.validTo >= due);
    const counties = new Map<string, OrgUnit[]>();
    for (const u of all) {
      if (u.level !== 'county' || !u.parentCode || !existing(u)) continue;
      counties.set(u.parentCode, [...(counties.get(u.parentCode) ?? []), u]);
    }
    return {
      cities: all.filter((u) => u.level === 'city' && existing(u)),
      countiesOf: (code: string) => counties.get(code) ?? [],
      divisions: withDivisions ? all.filter((u) => u.level === 'division' && existing(u)) : [],
    };
  });
}

/**
 * Scores a view's units: all of them, or only those in `only` (a county, a city with its rollups
 * over its counties, a division). The one scoring loop, from scratch and for the stored figures.
 */
export interface ScoreUnitsOptions {
  /** Only these units (a county, a city with its rollups over its counties, a division). */
  only?: ReadonlySet<string>;
  /** false: scores without explanations (rankings from scratch, checks); default true. */
  explain?: boolean;
  /** Counting reports already loaded for the scheme and basis (views of one request share them). */
  counted?: Map<string, CountedReports>;
}

export function scoreUnits(db: Queryable, units: UnitDirectory, meta: ViewMeta, opts: ScoreUnitsOptions = {}): Record<string, UnitScore> {
  const { only } = opts;
  const explain = opts.explain !== false;
  const { scheme, annual, period, asOf } = meta;
  const vu = viewUnits(units, meta);
  const want = (code: string) => !only || only.has(code);
  const cities = vu.cities.filter((c) => want(c.code) || vu.countiesOf(c.code).some((k) => want(k.code)));
  const divisions = vu.divisions.filter((d) => want(d.code));
  const reading = only ? [...cities.flatMap((c) => [c.code, ...vu.countiesOf(c.code).map((k) => k.code)]), ...divisions.map((d) => d.code)] : undefined;
  const key = `${meta.stored.id}|${meta.basis}`;
  let counted = reading ? undefined : opts.counted?.get(key);
  if (!counted) {
    counted = countedReports(db, meta.stored.id, meta.basis, reading);
    if (!reading) opts.counted?.set(key, counted);
  }
  const values = counted.valuesAsOf(period.code, { annual, figuresOnly: !explain });
  const year = meta.scheme.year;
  const adj = annual ? adjustmentsOf(db, year, reading) : new Map<string, Adjustment[]>();
  const manual = manualScoresOf(db, year, reading);
  // Figures some indicators take from the units' accepted annual reports (only read when the scheme asks for any).
  const annualCells = scheme.indicators.some((i) => i.annual) ? acceptedAnnualCells(db, year) : new Map<string, AnnualCells>();
  const scored: Record<string, UnitScore> = {};
  for (const city of cities) {
    const counties = vu.countiesOf(city.code);
    for (const c of counties) {
      if (!want(c.code)) continue;
      scored[c.code] = scoreUnit({
        scheme,
        level: 'county',
        unit: { code: c.code, name: c.name },
        values: values.get(c.code) ?? null,
        children: [],
        adjustments: adj.get(c.code) ?? [],
        manualScores: manual.get(c.code),
        asOf,
        annual: annualCells.get(c.code) ?? null,
        explain,
      });
    }
    if (!want(city.code)) continue;
    scored[city.code] = scoreUnit({
      scheme,
      level: 'city',
      unit: { code: city.code, name: city.name },
      values: values.get(city.code) ?? null,
      children: counties.map((c) => ({ code: c.code, name: c.name, values: values.get(c.code) ?? null })),
      adjustments: adj.get(city.code) ?? [],
      manualScores: manual.get(city.code),
      asOf,
      annual: annualCells.get(city.code) ?? null,
      explain,
    });
  }
  if (divisions.length) {
    const ledger = ledgerFiguresOf(db, year, asOf);
    const budget = budgetFiguresOf(db, year, asOf);
    for (const d of divisions) {
      scored[d.code] = scoreUnit({
        scheme,
        level: 'division',
        unit: { code: d.code, name: d.name },
        values: values.get(d.code) ?? null,
        children: [],
        adjustments: adj.get(d.code) ?? [],
        manualScores: manual.get(d.code),
        asOf,
        ledger: { items: ledger.get(d.code)?.due ?? [] },
        budget: budget.get(d.code) ?? { items: [] },
        explain,
      });
    }
  }
  return scored;
}

/** Scores every unit of a year's view, from scratch. */
function scoreView(db: Queryable, units: UnitDirectory, req: ScoreRequest, explain: boolean, counted: Map<string, CountedReports>) {
  const meta = viewMeta(db, req);
  return { ...meta, scored: scoreUnits(db, units, meta, { explain, counted }) };
}

/** A ranking row before ranking: what a unit's score contributes to the ranking tables. */
export type RowBase = Omit<RankingRow, 'rank' | 'changeVsPreviousPeriod' | 'changeVsPreviousYear'>;

export function rowOfScore(u: UnitScore): RowBase {
  return {
    code: u.unit.code,
    name: u.unit.name,
    S: u.S,
    raw: u.raw,
    adjustmentTotal: u.adjustmentTotal,
    groups: Object.fromEntries(u.groups.map((g) => [g.code, g.score])),
    contribution: u.contribution,
    grade: u.grade,
    hasReport: u.hasReport,
  };
}

/** The period before this one in the year (the annual view compares with Q3's progress). */
export function previousPeriodCode(scheme: Scheme, code: string): string | null {
  const codes = scheme.periods.map((p) => p.code).sort();
  const i = codes.indexOf(code);
  return i > 0 ? codes[i - 1] : null;
}

/** Whether a year has an assessment scheme (the previous year's view is compared with when it does). */
export function hasSchemeYear(db: Queryable, year: number): boolean {
  return Boolean(db.select({ id: schemes.id }).from(schemes).where(eq(schemes.year, year)).get());
}

/**
 * Ranks a view: cities by S (ties share a rank), counties within their city and province-wide,
 * divisions by S; each row with its change against the compared views. The one ranking assembly,
 * over scores computed from scratch or read from the stored figures.
 */
export function rankView(
  meta: ViewMeta,
  vu: ViewUnits,
  rowOf: (code: string) => RowBase | undefined,
  prev: Map<string, Cents> | null,
  prevYear: Map<string, Cents> | null,
): Omit<ScoreRun, 'units'> {
  // Rows are built field by field (no object spread or rest): at national scale this runs for
  // 3,100 rows on every ranking read, and spreads cost most of it.
  const ranked = <R extends RowBase>(r: R, rank: number): RankingRow => ({
    rank,
    code: r.code,
    name: r.name,
    S: r.S,
    raw: r.raw,
    adjustmentTotal: r.adjustmentTotal,
    groups: r.groups,
    contribution: r.contribution,
    grade: r.grade,
    hasReport: r.hasReport,
    changeVsPreviousPeriod: prev?.has(r.code) ? r.S - prev.get(r.code)! : null,
    changeVsPreviousYear: prevYear?.has(r.code) ? r.S - prevYear.get(r.code)! : null,
  });
  const present = (u: OrgUnit) => rowOf(u.code);
  const cityRows = rankUnits(vu.cities.map((c) => present(c)!)).map((r) => ranked(r, r.rank));
  const countyItems: (RowBase & { cityCode: string; cityName: string })[] = [];
  for (const city of vu.cities) {
    for (const c of vu.countiesOf(city.code)) {
      const r = present(c);
      if (r) countyItems.push(Object.assign(r, { cityCode: city.code, cityName: city.name }));
    }
  }
  const countyRows: CountyRankingRow[] = rankCounties(countyItems).map((r) => {
    const row = ranked(r, r.provinceRank) as CountyRankingRow;
    row.cityCode = r.cityCode;
    row.cityName = r.cityName;
    row.cityRank = r.cityRank;
    return row;
  });
  return {
    year: meta.scheme.year,
    kind: meta.annual ? 'annual' : 'progress',
    basis: meta.basis,
    period: { code: meta.period.code, name: meta.period.name },
    asOf: meta.asOf,
    title: meta.scheme.title,
    disclosureWeight: meta.scheme.disclosureWeight,
    groups: meta.scheme.groups,
    grades: meta.scheme.grades,
    cities: cityRows,
    counties: countyRows,
    divisions: rankUnits(vu.divisions.map((d) => present(d)!)).map((r) => ranked(r, r.rank)),
  };
}

/**
 * Everything a view's scores depend on, read cheaply: the scheme and its period dates, every report
 * of the view's periods (a write bumps its revision and updated_at), adjustments and manual scores.
 */
function viewFingerprint(db: Queryable, req: ScoreRequest): string {
  const row = db.get<{ f: string }>(sql`
    select coalesce((select s.version || '|' || s.updated_at || '|' ||
             (select group_concat(p.code || p.opens || p.due || p.locks, ',') from periods p where p.scheme_id = s.id)
           from schemes s where s.year = ${req.year}), '') || '#' ||
      (select count(*) || '|' || coalesce(sum(r.revision), 0) || '|' || coalesce(max(r.updated_at), '')
         from reports r join periods p on p.id = r.period_id join schemes s on s.id = p.scheme_id
        where s.year = ${req.year} and (${req.periodCode ?? null} is null or p.code <= ${req.periodCode ?? null})) || '#' ||
      (select count(*) || '|' || coalesce(sum(cents), 0) || '|' || coalesce(max(at), '') from adjustments where year = ${req.year}) || '#' ||
      (select count(*) || '|' || coalesce(sum(cents), 0) || '|' || coalesce(max(at), '') from manual_scores where year = ${req.year}) || '#' ||
      (select count(*) || '|' || coalesce(sum(tr.revision), 0) || '|' || coalesce(max(tr.updated_at), '')
         from task_reports tr join ledger_tasks lt on lt.id = tr.task_id where lt.year = ${req.year}) || '#' ||
      (select count(*) || '|' || coalesce(max(updated_at), '') from ledger_tasks where year = ${req.year}) || '#' ||
      (select count(*) || '|' || coalesce(sum(revision), 0) || '|' || coalesce(max(updated_at), '') from budget_items) as f`);
  return `${req.periodCode ?? ''}|${req.basis ?? ''}|${row?.f ?? ''}`;
}

const comparisonCache = new WeakMap<object, Map<string, { fingerprint: string; scores: Map<string, Cents> }>>();

/**
 * S of every unit in a view that a ranking is compared with (the previous period, the previous
 * year). Kept until that view's own data changes, so accepting a Q4 report does not rescore Q3.
 */
function comparisonScores(db: Queryable, units: UnitDirectory, req: ScoreRequest, fresh: boolean, counted: Map<string, CountedReports>): Map<string, Cents> {
  let perDb = comparisonCache.get(db);
  if (!perDb) comparisonCache.set(db, (perDb = new Map()));
  const key = `${req.year}|${req.periodCode ?? ''}|${req.basis ?? ''}`;
  const fingerprint = fresh ? '' : viewFingerprint(db, req);
  const hit = perDb.get(key);
  if (!fresh && hit && hit.fingerprint === fingerprint) return hit.scores;
  const scored = scoreView(db, units, req, false, counted).scored;
  const scores = new Map(Object.entries(scored).map(([code, u]) => [code, u.S]));
  if (!fresh) perDb.set(key, { fingerprint, scores });
  return scores;
}

export interface ComputeOptions {
  /** false: scores without explanations, enough to rank and to check stored figures (default true). */
  explain?: boolean;
  /** true: score the compared views again too, instead of remembering them until their own data changes. */
  fresh?: boolean;
}

/**
 * Scores and ranks a year's view from scratch (the compared views are remembered until their own
 * data changes, unless `fresh`). The reference the stored figures (services/derived/) must equal;
 * the app reads those (`storedScores`).
 */
export function computeScores(db: Queryable, units: UnitDirectory, req: ScoreRequest, opts: ComputeOptions = {}): ScoreRun {
  const fresh = opts.fresh === true;
  const counted = new Map<string, CountedReports>();
  const v = scoreView(db, units, req, opts.explain !== false, counted);
  const prevCode = previousPeriodCode(v.scheme, v.period.code);
  const prev = prevCode ? comparisonScores(db, units, { year: req.year, periodCode: prevCode, basis: v.basis }, fresh, counted) : null;
  const prevYear = hasSchemeYear(db, req.year - 1) ? comparisonScores(db, units, { year: req.year - 1 }, fresh, counted) : null;
  const ranked = rankView(v, viewUnits(units, v), (code) => (v.scored[code] ? rowOfScore(v.scored[code]) : undefined), prev, prevYear);
  return { ...ranked, units: v.scored };
}
