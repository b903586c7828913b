import { sql } from 'drizzle-orm';
import { prepared, type Queryable } from '../../../db/client';
import { readSchemeShared } from '../../../db/repo/schemes';
import { hasEvidence, type IndicatorValue, type ReportValues } from '../../../shared/report-values';
import type { PeriodDef, Scheme } from '../../../shared/scheme';
import { daysBetween, isIsoDate } from '../../../shared/dates';
import { timeliness, unitExistedIn } from '../../../shared/periods';
import type { ReportStatus } from '../../../shared/reports';
import { rational, sumRatioFigures, type Rational } from '../../../shared/scoring';
import { countedReports } from '../counted-reports';
import { isBureau, type OrgUnit, type UnitDirectory } from '../unit-directory';
import { cannotWrite, ensureSynced, isBuilt, markBuilt } from './epoch';

/**
 * The dashboards' figures, stored and kept as data arrives: per unit and period the few facts the
 * overview counts (progress basis: the latest submitted, approved or accepted report up to the
 * period), and their sums over each city with its counties and over the province. A write updates
 * the touched unit's facts, its city's sums and the province's sums (services/derived/keep.ts).
 */

export const CATALOGUE = 'CAT-01';
export const SHANTYTOWN = 'HS-01';
export const RURAL = 'RH-01';
export const HS_FUND = 'HS-03';
export const RH_FUND = 'RH-03';
export const DEFAULT_CATALOGUE_DEADLINE = '2018-12-31';
/** Where uploaded evidence files are served (server/routes/evidence.ts). */
const EVIDENCE_PREFIX = '/api/evidence';
const PROVINCE = 'province';
const BASIS = 'progress';

export function evidenceLink(v: IndicatorValue | undefined): string | null {
  if (v?.evidenceUrl?.trim()) return v.evidenceUrl.trim();
  if (v?.evidenceFile?.trim()) return `${EVIDENCE_PREFIX}/${v.evidenceFile.trim()}`;
  return null;
}

/** A city's fund-evaluation figures (HS-03 / RH-03). */
export function fundOf(values: ReportValues | undefined, code: string, hasReport: boolean) {
  const v = values?.[code];
  const yes = v?.yes ?? null;
  const score = v?.extra?.evaluationScore;
  return {
    hasReport,
    yes,
    published: yes === true && hasEvidence(v),
    evaluationScore: typeof score === 'number' && Number.isFinite(score) ? score : null,
    evidence: evidenceLink(v),
    note: v?.note ?? null,
  };
}

/** What the overview counts of one unit in one period. */
export interface UnitFacts {
  county: boolean;
  /** The unit existed on the period's due date. */
  exists: boolean;
  /** A submitted, approved or accepted report counts for the period (its own or an earlier one). */
  hasReport: boolean;
  /** The basic catalogue's completion date (a valid date), from the counted report. */
  catalogueDate: string | null;
  /** Shantytown / rural housing figures [numerator, denominator] when they enter the sums. */
  hs: [number, number] | null;
  rh: [number, number] | null;
  /** Cities: fund evaluations published [housing, rural]. */
  funds: [boolean, boolean] | null;
  /** The period's own report: accepted, first submitted. */
  accepted: boolean;
  firstSubmittedAt: string | null;
  extendedDue: string | null;
}

interface RatioSums {
  /** Σ numerators and Σ denominators, exact ("n/d"). */
  n: string;
  d: string;
  counted: number;
  counties: number;
}

/** Sums of facts over a set of units in one period. */
export interface ProgressSums {
  units: number;
  /** Grid cells: units that existed in the period, and of those submitted on time, late, accepted. */
  expected: number;
  onTime: number;
  late: number;
  accepted: number;
  /** Existing units without a submission, by their deadline (due date or extension): missing once it has passed. */
  unsubmitted: Record<string, number>;
  catalogueDone: number;
  catalogueOnTime: number;
  hs: RatioSums;
  rh: RatioSums;
  cities: number;
  fundsHousing: number;
  fundsRural: number;
}

const ratStr = (r: Rational) => `${r.n}/${r.d}`;
export const parseRat = (s: string): Rational => {
  const [n, d] = s.split('/');
  return rational.rat(BigInt(n), BigInt(d));
};

export function emptySums(): ProgressSums {
  const zero = { n: '0/1', d: '0/1', counted: 0, counties: 0 };
  return { units: 0, expected: 0, onTime: 0, late: 0, accepted: 0, unsubmitted: {}, catalogueDone: 0, catalogueOnTime: 0, hs: { ...zero }, rh: { ...zero }, cities: 0, fundsHousing: 0, fundsRural: 0 };
}

/** Σ over units: grid counts over the units that existed in the period; catalogue, ratios and funds over all listed. */
export function sumFacts(facts: readonly UnitFacts[], period: Pick<PeriodDef, 'due'>, catalogueDeadline: string): ProgressSums {
  const s = emptySums();
  const hs = { n: rational.ZERO, d: rational.ZERO };
  const rh = { n: rational.ZERO, d: rational.ZERO };
  for (const f of facts) {
    s.units += 1;
    if (f.exists) {
      s.expected += 1;
      const t = timeliness({ due: period.due, extendedDue: f.extendedDue, submittedAt: f.firstSubmittedAt, today: period.due });
      if (f.firstSubmittedAt?.trim()) {
        if (t.status === 'late') s.late += 1;
        else s.onTime += 1;
      } else s.unsubmitted[t.deadline] = (s.unsubmitted[t.deadline] ?? 0) + 1;
      if (f.accepted) s.accepted += 1;
    }
    if (f.catalogueDate && f.catalogueDate <= period.due) {
      s.catalogueDone += 1;
      if (f.catalogueDate <= catalogueDeadline) s.catalogueOnTime += 1;
    }
    if (f.county) {
      s.hs.counties += 1;
      s.rh.counties += 1;
      if (f.hs) {
        s.hs.counted += 1;
        hs.n = rational.add(hs.n, rational.fromDecimal(f.hs[0]));
        hs.d = rational.add(hs.d, rational.fromDecimal(f.hs[1]));
      }
      if (f.rh) {
        s.rh.counted += 1;
        rh.n = rational.add(rh.n, rational.fromDecimal(f.rh[0]));
        rh.d = rational.add(rh.d, rational.fromDecimal(f.rh[1]));
      }
    } else {
      s.cities += 1;
      if (f.funds?.[0]) s.fundsHousing += 1;
      if (f.funds?.[1]) s.fundsRural += 1;
    }
  }
  s.hs.n = ratStr(hs.n);
  s.hs.d = ratStr(hs.d);
  s.rh.n = ratStr(rh.n);
  s.rh.d = ratStr(rh.d);
  return s;
}

/** a + sign × b, exactly (sign −1 takes a city's old sums out of the province's). */
export function addSums(a: ProgressSums, b: ProgressSums, sign: 1 | -1 = 1): ProgressSums {
  const ratio = (x: RatioSums, y: RatioSums): RatioSums => {
    const op = sign === 1 ? rational.add : rational.sub;
    return { n: ratStr(op(parseRat(x.n), parseRat(y.n))), d: ratStr(op(parseRat(x.d), parseRat(y.d))), counted: x.counted + sign * y.counted, counties: x.counties + sign * y.counties };
  };
  const unsubmitted = { ...a.unsubmitted };
  for (const [day, n] of Object.entries(b.unsubmitted)) {
    const v = (unsubmitted[day] ?? 0) + sign * n;
    if (v) unsubmitted[day] = v;
    else delete unsubmitted[day];
  }
  return {
    units: a.units + sign * b.units,
    expected: a.expected + sign * b.expected,
    onTime: a.onTime + sign * b.onTime,
    late: a.late + sign * b.late,
    accepted: a.accepted + sign * b.accepted,
    unsubmitted,
    catalogueDone: a.catalogueDone + sign * b.catalogueDone,
    catalogueOnTime: a.catalogueOnTime + sign * b.catalogueOnTime,
    hs: ratio(a.hs, b.hs),
    rh: ratio(a.rh, b.rh),
    cities: a.cities + sign * b.cities,
    fundsHousing: a.fundsHousing + sign * b.fundsHousing,
    fundsRural: a.fundsRural + sign * b.fundsRural,
  };
}

/** Units without a submission whose deadline has passed on `day` (missing), and the others (pending). */
export function missingOn(s: ProgressSums, day: string): { missing: number; pending: number } {
  let missing = 0;
  let pending = 0;
  for (const [deadline, n] of Object.entries(s.unsubmitted)) {
    if (daysBetween(deadline, day) > 0) missing += n;
    else pending += n;
  }
  return { missing, pending };
}

export const catalogueDeadlineOf = (scheme: Scheme) => scheme.indicators.find((i) => i.code === CATALOGUE)?.deadline ?? DEFAULT_CATALOGUE_DEADLINE;
const ratioFacts = (u: OrgUnit, values: ReportValues | undefined, code: string): [number, number] | null => {
  const f = sumRatioFigures([{ code: u.code, name: u.name, values: values ?? null }], code);
  const v = values?.[code];
  return f.counted ? [v!.numerator!, v!.denominator!] : null;
};

/** Facts of the year's periods for bureaus (all, or the named ones): period code → unit code → facts. */
export function computeFacts(db: Queryable, units: UnitDirectory, year: number, only?: readonly string[], fromPeriod = ''): Map<string, Map<string, UnitFacts>> {
  const stored = readSchemeShared(db, year);
  const out = new Map<string, Map<string, UnitFacts>>();
  if (!stored) return out;
  const list = (only ? only.map((c) => units.get(c)).filter((u): u is OrgUnit => Boolean(u)) : units.all()).filter(isBureau);
  const codes = list.map((u) => u.code);
  const counted = countedReports(db, stored.id, 'submitted', only ? codes : undefined);
  // Prepared statements (each submission refreshes its unit's facts): all bureaus, or the named ones
  // (a statement of their own, so SQLite looks them up by unit instead of scanning the year).
  const ownSql = `select r.unit_code, p.code, r.status, r.first_submitted_at from reports r join periods p on p.id = r.period_id where p.scheme_id = ?`;
  const extSql = `select e.unit_code, p.code, e.due from due_extensions e join periods p on p.id = e.period_id where p.scheme_id = ?`;
  const rowsOf = (text: string, unitColumn: string) =>
    only ? prepared(db, `${text} and ${unitColumn} in (select value from json_each(?))`).all(stored.id, JSON.stringify(codes)) : prepared(db, text).all(stored.id);
  const own = rowsOf(ownSql, 'r.unit_code') as { unit_code: string; code: string; status: ReportStatus; first_submitted_at: string | null }[];
  const ownBy = new Map(own.map((r) => [`${r.unit_code}|${r.code}`, r]));
  const exts = rowsOf(extSql, 'e.unit_code') as { unit_code: string; code: string; due: string }[];
  const extBy = new Map(exts.map((e) => [`${e.unit_code}|${e.code}`, e.due]));
  for (const p of stored.scheme.periods) {
    if (p.code < fromPeriod) continue;
    const values = counted.valuesAsOf(p.code);
    const facts = new Map<string, UnitFacts>();
    for (const u of list) {
      const v = values.get(u.code);
      const date = v?.[CATALOGUE]?.date?.trim();
      const rep = ownBy.get(`${u.code}|${p.code}`);
      const has = values.has(u.code);
      facts.set(u.code, {
        county: u.level === 'county',
        exists: unitExistedIn(u, p),
        hasReport: has,
        catalogueDate: date && isIsoDate(date) ? date : null,
        hs: u.level === 'county' ? ratioFacts(u, v, SHANTYTOWN) : null,
        rh: u.level === 'county' ? ratioFacts(u, v, RURAL) : null,
        funds: u.level === 'city' ? [fundOf(v, HS_FUND, has).published, fundOf(v, RH_FUND, has).published] : null,
        accepted: rep?.status === 'accepted',
        firstSubmittedAt: rep?.first_submitted_at ?? null,
        extendedDue: extBy.get(`${u.code}|${p.code}`) ?? null,
      });
    }
    out.set(p.code, facts);
  }
  return out;
}

/** A city's members in a period: the city and its counties that existed then (none when the city did not). */
function members(units: UnitDirectory, city: OrgUnit, p: PeriodDef): OrgUnit[] {
  return unitExistedIn(city, p) ? [city, ...units.childrenOf(city.code).filter((c) => c.level === 'county' && unitExistedIn(c, p))] : [];
}

/** Every city's sums and the province's, from facts (from scratch). */
export function computeSums(units: UnitDirectory, scheme: Scheme, facts: Map<string, Map<string, UnitFacts>>): Map<string, Map<string, ProgressSums>> {
  const deadline = catalogueDeadlineOf(scheme);
  const out = new Map<string, Map<string, ProgressSums>>();
  const cities = units.all().filter((u) => u.level === 'city');
  for (const p of scheme.periods) {
    const f = facts.get(p.code)!;
    const byScope = new Map<string, ProgressSums>();
    let province = emptySums();
    for (const city of cities) {
      const s = sumFacts(members(units, city, p).map((m) => f.get(m.code)!), p, deadline);
      byScope.set(city.code, s);
      province = addSums(province, s);
    }
    byScope.set(PROVINCE, province);
    out.set(p.code, byScope);
  }
  return out;
}

function writeFacts(db: Queryable, year: number, facts: Map<string, Map<string, UnitFacts>>): void {
  const insert = prepared(db, `insert or replace into progress_facts (year, period_code, unit_code, facts) values (?, ?, ?, ?)`);
  for (const [period, byUnit] of facts) for (const [unit, f] of byUnit) insert.run(year, period, unit, JSON.stringify(f));
}

function writeSums(db: Queryable, year: number, period: string, scope: string, s: ProgressSums): void {
  prepared(db, `insert or replace into progress_sums (year, period_code, scope, sums) values (?, ?, ?, ?)`).run(year, period, scope, JSON.stringify(s));
}

function build(db: Queryable, units: UnitDirectory, year: number, scheme: Scheme): void {
  const facts = computeFacts(db, units, year);
  const sums = computeSums(units, scheme, facts);
  db.transaction((tx) => {
    tx.run(sql`delete from progress_facts where year = ${year}`);
    tx.run(sql`delete from progress_sums where year = ${year}`);
    writeFacts(tx, year, facts);
    for (const [period, byScope] of sums) for (const [scope, s] of byScope) writeSums(tx, year, period, scope, s);
    markBuilt(tx, year, '', BASIS, new Date());
  });
}

function readSums(db: Queryable, year: number, period: string, scope: string): ProgressSums | null {
  const r = prepared(db, `select sums from progress_sums where year = ? and period_code = ? and scope = ?`).get(year, period, scope) as { sums: string } | undefined;
  return r ? (JSON.parse(r.sums) as ProgressSums) : null;
}

function readFacts(db: Queryable, year: number, period: string, codes: readonly string[]): Map<string, UnitFacts> {
  if (!codes.length) return new Map();
  const rows = prepared(db, `select unit_code, facts from progress_facts where year = ? and period_code = ? and unit_code in (select value from json_each(?))`).all(
    year,
    period,
    JSON.stringify(codes),
  ) as { unit_code: string; facts: string }[];
  return new Map(rows.map((r) => [r.unit_code, JSON.parse(r.facts) as UnitFacts]));
}

/**
 * After a write: the touched bureaus' facts, their cities' sums and the province's sums (the
 * province's by difference: − the city's old sums + its new ones, exactly). Inside the write's
 * transaction. `fromPeriod`: only the periods from it on (a change of a report of that period
 * cannot move the facts of an earlier one: each period's facts count reports up to it).
 */
export function refreshProgress(tx: Queryable, units: UnitDirectory, year: number, touched: ReadonlySet<string>, fromPeriod = ''): void {
  if (!isBuilt(tx, year, '', BASIS)) return;
  const stored = readSchemeShared(tx, year);
  if (!stored) return;
  const codes = [...touched].filter((c) => {
    const u = units.get(c);
    return u && isBureau(u);
  });
  if (!codes.length) return;
  writeFacts(tx, year, computeFacts(tx, units, year, codes, fromPeriod));
  const cities = new Set(codes.map((c) => (units.get(c)!.level === 'city' ? c : units.get(c)!.parentCode!)).filter(Boolean));
  const deadline = catalogueDeadlineOf(stored.scheme);
  for (const p of stored.scheme.periods) {
    if (p.code < fromPeriod) continue;
    let province = readSums(tx, year, p.code, PROVINCE) ?? emptySums();
    for (const code of cities) {
      const city = units.get(code);
      if (!city) continue;
      const m = members(units, city, p);
      const f = readFacts(tx, year, p.code, m.map((u) => u.code));
      const next = sumFacts(m.map((u) => f.get(u.code)!), p, deadline);
      const before = readSums(tx, year, p.code, code) ?? emptySums();
      province = addSums(addSums(province, before, -1), next);
      writeSums(tx, year, p.code, code, next);
    }
    writeSums(tx, year, p.code, PROVINCE, province);
  }
}

/** After a scheme or period change: the year's facts and sums computed again, inside the write's transaction. */
export function rebuildProgress(tx: Queryable, units: UnitDirectory, year: number): void {
  if (!isBuilt(tx, year, '', BASIS)) return;
  const stored = readSchemeShared(tx, year);
  if (stored) build(tx, units, year, stored.scheme);
}

/** The stored dashboard figures of a year, read on demand. */
export interface ProgressStore {
  /** Sums over a city with its counties, or the province ('province'). */
  sums(period: string, scope: string): ProgressSums;
  facts(period: string, codes: readonly string[]): Map<string, UnitFacts>;
}

/** The year's stored dashboard figures (built from scratch the first time; computed in memory when the database refuses writes). */
export function progressStore(db: Queryable, units: UnitDirectory, year: number): ProgressStore {
  const stored = readSchemeShared(db, year);
  let ok = Boolean(stored) && ensureSynced(db);
  if (ok && stored && !isBuilt(db, year, '', BASIS)) {
    try {
      build(db, units, year, stored.scheme);
    } catch (err) {
      if (!cannotWrite(err)) throw err;
      ok = false;
    }
  }
  if (ok) {
    return {
      sums: (period, scope) => readSums(db, year, period, scope) ?? emptySums(),
      facts: (period, codes) => readFacts(db, year, period, codes),
    };
  }
  const facts = computeFacts(db, units, year);
  const sums = stored ? computeSums(units, stored.scheme, facts) : new Map<string, Map<string, ProgressSums>>();
  return {
    sums: (period, scope) => sums.get(period)?.get(scope) ?? emptySums(),
    facts: (period, codes) => new Map(codes.flatMap((c) => (facts.get(period)?.has(c) ? [[c, facts.get(period)!.get(c)!] as const] : []))),
  };
}

export { PROVINCE as PROVINCE_SCOPE, readSums as storedSums, readFacts as storedFacts };
