import { sql } from 'drizzle-orm';
import { prepared, type Queryable } from '../../../db/client';
import type { Cents, UnitScore } from '../../../shared/scoring';
import {
  computeScores,
  hasSchemeYear,
  previousPeriodCode,
  rankView,
  scoreUnits,
  viewMeta,
  viewUnits,
  type RowBase,
  type ScoreRequest,
  type ScoreRun,
  type ViewMeta,
} from '../scores';
import type { UnitDirectory } from '../unit-directory';
import { countsOn, periodCountsIn } from '../counted-reports';
import type { REPORT_STATUSES } from '../../../db/schema';

type ReportStatus = (typeof REPORT_STATUSES)[number];
import { builtViews, cannotWrite, ensureSynced, isBuilt, markBuilt } from './epoch';

/**
 * Every unit's score per view, stored (`unit_scores`) and kept as data arrives: a view is scored
 * from scratch the first time it is asked for; afterwards each write rescores only the units it
 * touched and their city (services/derived/keep.ts). Rankings, the unit page, publication and the
 * dashboards read these rows.
 */

const viewKey = (meta: ViewMeta) => (meta.annual ? '' : meta.period.code);

/** `unit_scores.detail` of a unit rescored by a write, until a read explains it. */
const NOT_EXPLAINED = '';

/**
 * Stores scored units. `explained` false (a write's rescoring): the figures only, and an empty
 * `detail` that the first read of the unit's explanations fills (`readDetails`) — the explanations
 * cost a deadline-day submission more than the rest of keeping its figures.
 */
function storeScores(db: Queryable, meta: ViewMeta, scored: Record<string, UnitScore>, explained = true): void {
  const year = meta.scheme.year;
  const view = viewKey(meta);
  const insert = prepared(
    db,
    `insert or replace into unit_scores (year, view, basis, unit_code, s, raw, adjustment_total, contribution, grade, has_report, groups, indicators, detail)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const u of Object.values(scored)) {
    const groups = JSON.stringify(Object.fromEntries(u.groups.map((g) => [g.code, g.score])));
    const indicators = JSON.stringify(u.indicators.map((i) => [i.code, i.score, i.points]));
    insert.run(year, view, meta.basis, u.unit.code, u.S, u.raw, u.adjustmentTotal, u.contribution, u.grade, u.hasReport ? 1 : 0, groups, indicators, explained ? JSON.stringify(u) : NOT_EXPLAINED);
  }
}

/** Scores a whole view from scratch and stores it. */
function build(db: Queryable, units: UnitDirectory, meta: ViewMeta, now: Date): void {
  const scored = scoreUnits(db, units, meta);
  db.transaction((tx) => {
    tx.run(sql`delete from unit_scores where year = ${meta.scheme.year} and view = ${viewKey(meta)} and basis = ${meta.basis}`);
    storeScores(tx, meta, scored);
    markBuilt(tx, meta.scheme.year, viewKey(meta), meta.basis, now);
  });
}

/** Makes sure a view is stored; false when the figures cannot be stored (read-only database). */
function ensureView(db: Queryable, units: UnitDirectory, meta: ViewMeta): boolean {
  if (isBuilt(db, meta.scheme.year, viewKey(meta), meta.basis)) return true;
  try {
    build(db, units, meta, new Date());
    return true;
  } catch (err) {
    if (cannotWrite(err)) return false;
    throw err;
  }
}

/** A change of one report's status (null before: it was created), which moves only the views it can count in. */
export interface ReportChange {
  unitCode: string;
  periodCode: string;
  from: ReportStatus | null;
  to: ReportStatus;
}

/** The unit and, for a county, the city whose rollups include it. */
function withCity(units: UnitDirectory, code: string, into: Set<string>): void {
  const u = units.get(code);
  if (!u) return;
  into.add(code);
  if (u.level === 'county' && u.parentCode) into.add(u.parentCode);
}

/**
 * After a write: rescores, in the stored views of the year, the touched units and the cities whose
 * rollups include them (a county's city). `touched` units are rescored in every view; a report
 * change only in the views it can move (`countsOn` before or after, `periodCountsIn`): a
 * submission leaves the accepted views alone, a Q4 change leaves the Q3 views alone. Runs inside
 * the write's transaction.
 */
export function rescoreStored(tx: Queryable, units: UnitDirectory, year: number, touched: ReadonlySet<string>, changes: readonly ReportChange[] = []): void {
  const always = new Set<string>();
  for (const code of touched) withCity(units, code, always);
  if (!always.size && !changes.length) return;
  for (const { view, basis } of builtViews(tx, year)) {
    if (basis === 'progress') continue;
    const meta = viewMeta(tx, { year, periodCode: view || undefined, basis: basis as ScoreRequest['basis'] });
    const only = new Set(always);
    for (const c of changes) {
      const moves = periodCountsIn(c.periodCode, meta.period.code, meta.annual) && (countsOn(meta.basis, c.from) || countsOn(meta.basis, c.to));
      if (moves) withCity(units, c.unitCode, only);
    }
    if (only.size) storeScores(tx, meta, scoreUnits(tx, units, meta, { only, explain: false }), false);
  }
}

/** After a scheme or period change: every stored view of the year scored again from scratch, inside the write's transaction. */
export function rebuildStoredScores(tx: Queryable, units: UnitDirectory, year: number, now: Date): void {
  for (const { view, basis } of builtViews(tx, year)) {
    if (basis === 'progress') continue;
    let meta: ViewMeta;
    try {
      meta = viewMeta(tx, { year, periodCode: view || undefined, basis: basis as ScoreRequest['basis'] });
    } catch {
      // The period is gone from the scheme: so is its view.
      tx.run(sql`delete from unit_scores where year = ${year} and view = ${view} and basis = ${basis}`);
      tx.run(sql`delete from derived_views where year = ${year} and view = ${view} and basis = ${basis}`);
      continue;
    }
    build(tx, units, meta, now);
  }
}

/** A `unit_scores` row's ranking columns as read. */
export interface ScoreRow {
  unit_code: string;
  s: number;
  raw: number;
  adjustment_total: number;
  contribution: number;
  grade: string | null;
  has_report: number;
  groups: string;
}

function readRows(db: Queryable, units: UnitDirectory, meta: ViewMeta): Map<string, RowBase> {
  const rows = prepared(
    db,
    `select unit_code, s, raw, adjustment_total, contribution, grade, has_report, groups from unit_scores where year = ? and view = ? and basis = ?`,
  ).all(meta.scheme.year, viewKey(meta), meta.basis) as ScoreRow[];
  const out = new Map<string, RowBase>();
  for (const r of rows) {
    out.set(r.unit_code, {
      code: r.unit_code,
      name: units.get(r.unit_code)?.name ?? r.unit_code,
      S: r.s,
      raw: r.raw,
      adjustmentTotal: r.adjustment_total,
      groups: JSON.parse(r.groups) as Record<string, Cents>,
      contribution: r.contribution,
      grade: r.grade,
      hasReport: r.has_report === 1,
    });
  }
  return out;
}

/** S of every unit of a stored view (what a ranking is compared with). */
function readS(db: Queryable, units: UnitDirectory, req: ScoreRequest): Map<string, Cents> | null {
  const meta = viewMeta(db, req);
  if (!ensureView(db, units, meta)) return null;
  const rows = prepared(db, `select unit_code, s from unit_scores where year = ? and view = ? and basis = ?`).all(meta.scheme.year, viewKey(meta), meta.basis) as {
    unit_code: string;
    s: number;
  }[];
  return new Map(rows.map((r) => [r.unit_code, r.s]));
}

function readDetails(db: Queryable, units: UnitDirectory, meta: ViewMeta, codes: readonly string[] | 'all'): Record<string, UnitScore> {
  const base = `select unit_code, detail from unit_scores where year = ? and view = ? and basis = ?`;
  const key = [meta.scheme.year, viewKey(meta), meta.basis] as const;
  const rows = (
    codes === 'all'
      ? prepared(db, base).all(...key)
      : codes.length
        ? prepared(db, `${base} and unit_code in (select value from json_each(?))`).all(...key, JSON.stringify(codes))
        : []
  ) as { unit_code: string; detail: string }[];
  const out: Record<string, UnitScore> = {};
  const unexplained: string[] = [];
  for (const r of rows) {
    if (r.detail === NOT_EXPLAINED) unexplained.push(r.unit_code);
    else out[r.unit_code] = JSON.parse(r.detail) as UnitScore;
  }
  if (unexplained.length) {
    // Rescored by writes since: explained now, from the same data the stored figures were kept from.
    const explained = scoreUnits(db, units, meta, { only: new Set(unexplained) });
    Object.assign(out, explained);
    try {
      const update = prepared(db, `update unit_scores set detail = ? where year = ? and view = ? and basis = ? and unit_code = ? and detail = ''`);
      db.transaction(() => {
        for (const [code, u] of Object.entries(explained)) update.run(JSON.stringify(u), ...key, code);
      });
    } catch (err) {
      if (!cannotWrite(err)) throw err;
    }
  }
  return out;
}

/** The explanations of a stored view's units (those a write rescored are explained now). */
export function storedDetails(db: Queryable, units: UnitDirectory, req: ScoreRequest, codes: readonly string[] | 'all'): Record<string, UnitScore> {
  return readDetails(db, units, viewMeta(db, req), codes);
}

export interface StoredScoresOptions {
  /** Which units' explanations to include in `units` (default none). */
  details?: readonly string[] | 'all';
}

/**
 * A year's view ranked from the stored scores — the same answer as `computeScores` (checked by
 * server/tests/derived-figures.test.ts), without scoring anything unless the view was never stored.
 */
export function storedScores(db: Queryable, units: UnitDirectory, req: ScoreRequest, opts: StoredScoresOptions = {}): ScoreRun {
  const meta = viewMeta(db, req);
  if (!ensureSynced(db) || !ensureView(db, units, meta)) {
    const run = computeScores(db, units, req);
    const want = opts.details ?? [];
    return { ...run, units: want === 'all' ? run.units : Object.fromEntries(want.filter((c) => run.units[c]).map((c) => [c, run.units[c]])) };
  }
  const rows = readRows(db, units, meta);
  const prevCode = previousPeriodCode(meta.scheme, meta.period.code);
  const prev = prevCode ? readS(db, units, { year: req.year, periodCode: prevCode, basis: meta.basis }) : null;
  const prevYear = hasSchemeYear(db, req.year - 1) ? readS(db, units, { year: req.year - 1 }) : null;
  const ranked = rankView(meta, viewUnits(units, meta), (code) => rows.get(code), prev, prevYear);
  return { ...ranked, units: readDetails(db, units, meta, opts.details ?? []) };
}

/** Per-unit score columns of a stored view for the dashboards: S, grade and each indicator's score and points. */
export interface StoredUnitScore {
  S: Cents;
  grade: string | null;
  indicators: { code: string; score: Cents; points: Cents }[];
}

export function storedUnitScores(db: Queryable, units: UnitDirectory, req: ScoreRequest, codes: readonly string[]): Map<string, StoredUnitScore> {
  const meta = viewMeta(db, req);
  const out = new Map<string, StoredUnitScore>();
  if (!ensureSynced(db) || !ensureView(db, units, meta)) {
    const scored = scoreUnits(db, units, meta);
    for (const c of codes) {
      const u = scored[c];
      if (u) out.set(c, { S: u.S, grade: u.grade, indicators: u.indicators.map((i) => ({ code: i.code, score: i.score, points: i.points })) });
    }
    return out;
  }
  if (!codes.length) return out;
  const rows = prepared(
    db,
    `select unit_code, s, grade, indicators from unit_scores where year = ? and view = ? and basis = ? and unit_code in (select value from json_each(?))`,
  ).all(meta.scheme.year, viewKey(meta), meta.basis, JSON.stringify(codes)) as { unit_code: string; s: number; grade: string | null; indicators: string }[];
  for (const r of rows) {
    const inds = JSON.parse(r.indicators) as [string, Cents, Cents][];
    out.set(r.unit_code, { S: r.s, grade: r.grade, indicators: inds.map(([code, score, points]) => ({ code, score, points })) });
  }
  return out;
}

