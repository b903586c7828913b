import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { adjustments, manualScores, schemes } from '../../db/schema';
import { readScheme } from '../../db/repo/schemes';
import { rankCounties, rankUnits, scoreUnit, type Adjustment, type Cents, type ManualScore, type UnitScore } from '../../shared/scoring';
import { scoredLevels, type Scheme } from '../../shared/scheme';
import { ledgerFiguresOf } from './department/ledger';
import { budgetFiguresOf } from './department/budgets';
import { NotFound } from '../errors';
import { writeGeneration } from './audit';
import type { OrgUnit, UnitDirectory } from './unit-directory';
import { countedReports, type Basis } from './counted-reports';


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

function adjustmentsOf(db: Queryable, year: number) {
  const rows = db.select().from(adjustments).where(eq(adjustments.year, year)).all();
  const by = new Map<string, Adjustment[]>();
  for (const r of rows) by.set(r.unitCode, [...(by.get(r.unitCode) ?? []), { cents: r.cents, reason: r.reason }]);
  return by;
}

/** Reviewers' scores for `manual` indicators: unit → indicator → { cents, reason }. */
function manualScoresOf(db: Queryable, year: number) {
  const by = new Map<string, Record<string, ManualScore>>();
  for (const r of db.select().from(manualScores).where(eq(manualScores.year, year)).all()) {
    by.set(r.unitCode, { ...(by.get(r.unitCode) ?? {}), [r.indicatorCode]: { cents: r.cents, reason: r.reason } });
  }
  return by;
}

/** Scores every city and county of a year for one view, without rankings' change columns. */
function scoreView(db: Queryable, units: UnitDirectory, req: Required<Pick<ScoreRequest, 'year'>> & ScoreRequest) {
  const stored = readScheme(db, req.year);
  if (!stored) throw new NotFound(`${req.year} 年度考核方案不存在`);
  const { scheme } = stored;
  const annualPeriod = scheme.periods.find((p) => p.annual) ?? scheme.periods[scheme.periods.length - 1];
  const annual = !req.periodCode;
  const period = annual ? annualPeriod : scheme.periods.find((p) => p.code === req.periodCode);
  if (!period) throw new NotFound(`期次 ${req.periodCode} 不属于 ${req.year} 年度`);
  const basis: Basis = annual ? 'accepted' : (req.basis ?? 'accepted');
  const asOf = annual ? period.locks : period.due;
  const values = countedReports(db, stored.id, basis).valuesAsOf(period.code, { annual });
  const adj = annual ? adjustmentsOf(db, req.year) : new Map<string, Adjustment[]>();
  const manual = manualScoresOf(db, req.year);
  const existing = (u: OrgUnit) => (!u.validFrom || u.validFrom <= period.due) && (!u.validTo || u.validTo >= period.due);
  const cities = units.all().filter((u) => u.level === 'city' && existing(u));
  const scored: Record<string, UnitScore> = {};
  for (const city of cities) {
    const counties = units.childrenOf(city.code).filter(existing);
    for (const c of counties) {
      scored[c.code] = scoreUnit({
        scheme,
        level: 'county',
        unit: { code: c.code, name: c.name },
        values: values.get(c.code) ?? null,
        children: [],
        adjustments: adj.get(c.code) ?? [],
        manualScores: manual.get(c.code),
        asOf,
      });
    }
    scored[city.code] = scoreUnit({
      scheme,
      level: 'city',
      unit: { code: city.code, name: city.name },
      values: values.get(city.code) ?? null,
      children: counties.map((c) => ({ code: c.code, name: c.name, values: values.get(c.code) ?? null })),
      adjustments: adj.get(city.code) ?? [],
      manualScores: manual.get(city.code),
      asOf,
    });
  }
  const divisions = scoredLevels(scheme).includes('division') ? units.all().filter((u) => u.level === 'division' && existing(u)) : [];
  if (divisions.length) {
    const ledger = ledgerFiguresOf(db, req.year, asOf);
    const budget = budgetFiguresOf(db, req.year, asOf);
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
      });
    }
  }
  return { stored, scheme, period, annual, basis, asOf, scored, cities, divisions };
}

function row(u: UnitScore): Omit<RankingRow, 'rank' | 'changeVsPreviousPeriod' | 'changeVsPreviousYear'> {
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
function previousPeriodCode(scheme: Scheme, code: string): string | null {
  const codes = scheme.periods.map((p) => p.code).sort();
  const i = codes.indexOf(code);
  return i > 0 ? codes[i - 1] : null;
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
function comparisonScores(db: Queryable, units: UnitDirectory, req: ScoreRequest): Map<string, Cents> {
  let perDb = comparisonCache.get(db);
  if (!perDb) comparisonCache.set(db, (perDb = new Map()));
  const key = `${req.year}|${req.periodCode ?? ''}|${req.basis ?? ''}`;
  const fingerprint = viewFingerprint(db, req);
  const hit = perDb.get(key);
  if (hit && hit.fingerprint === fingerprint) return hit.scores;
  const scored = scoreView(db, units, req).scored;
  const scores = new Map(Object.entries(scored).map(([code, u]) => [code, u.S]));
  perDb.set(key, { fingerprint, scores });
  return scores;
}

/** Scores and ranks a year's view: cities by S (ties share a rank), counties within their city and province-wide. */
export function computeScores(db: Queryable, units: UnitDirectory, req: ScoreRequest): ScoreRun {
  const v = scoreView(db, units, req);
  const prevCode = previousPeriodCode(v.scheme, v.period.code);
  const prev = prevCode ? comparisonScores(db, units, { year: req.year, periodCode: prevCode, basis: v.basis }) : null;
  const hasPrevYear = Boolean(db.select({ id: schemes.id }).from(schemes).where(eq(schemes.year, req.year - 1)).get());
  const prevYear = hasPrevYear ? comparisonScores(db, units, { year: req.year - 1 }) : null;
  const change = (code: string, S: Cents) => ({
    changeVsPreviousPeriod: prev?.has(code) ? S - prev.get(code)! : null,
    changeVsPreviousYear: prevYear?.has(code) ? S - prevYear.get(code)! : null,
  });
  const cityRows = rankUnits(v.cities.map((c) => row(v.scored[c.code]))).map((r) => ({ ...r, ...change(r.code, r.S) }));
  const countyItems = v.cities.flatMap((city) =>
    units
      .childrenOf(city.code)
      .filter((c) => v.scored[c.code])
      .map((c) => ({ ...row(v.scored[c.code]), cityCode: city.code, cityName: city.name })),
  );
  const countyRows = rankCounties(countyItems).map(({ provinceRank, cityRank, ...r }) => ({ ...r, rank: provinceRank, cityRank, ...change(r.code, r.S) }));
  return {
    year: req.year,
    kind: v.annual ? 'annual' : 'progress',
    basis: v.basis,
    period: { code: v.period.code, name: v.period.name },
    asOf: v.asOf,
    title: v.scheme.title,
    disclosureWeight: v.scheme.disclosureWeight,
    groups: v.scheme.groups,
    grades: v.scheme.grades,
    cities: cityRows,
    counties: countyRows,
    divisions: rankUnits(v.divisions.map((d) => row(v.scored[d.code]))).map((r) => ({ ...r, ...change(r.code, r.S) })),
    units: v.scored,
  };
}

const cache = new WeakMap<object, Map<string, { generation: number; run: ScoreRun }>>();

/**
 * `computeScores`, remembered until the next audited write. Rankings and overviews are read far
 * more often than reports change (and all at once on a deadline day), so repeated reads cost a
 * lookup; any write (a submission, an acceptance, an adjustment) makes the next read recompute.
 */
export function cachedScores(db: Queryable, units: UnitDirectory, req: ScoreRequest): ScoreRun {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const key = `${req.year}|${req.periodCode ?? ''}|${req.basis ?? ''}`;
  const hit = perDb.get(key);
  const generation = writeGeneration();
  if (hit && hit.generation === generation) return hit.run;
  const run = computeScores(db, units, req);
  perDb.set(key, { generation, run });
  return run;
}
