import { and, asc, eq, sql } from 'drizzle-orm';
import { prepared, sqliteOf, type Queryable } from '../client';
import { indicators, periods, reports, reportValues, reportVersions, schemes } from '../schema';
import { validateScheme, type Grade, type IndicatorGroup, type Indicator, type Scheme } from '../../shared/scheme';

export class SchemeInvalidError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`考核方案无效：${problems.map((p) => p.message).join('；')}`);
  }
}

/** Inserts a scheme after validating it; refuses invalid ones with every problem listed. */
export function insertScheme(db: Queryable, input: unknown, now: Date): number {
  const checked = validateScheme(input);
  if (!checked.ok) throw new SchemeInvalidError(checked.problems);
  const s = checked.scheme;
  const row = db
    .insert(schemes)
    .values({
      year: s.year,
      title: s.title,
      disclosureWeight: s.disclosureWeight,
      minDisclosureWeight: s.minDisclosureWeight ?? null,
      grades: s.grades,
      groups: s.groups,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .returning({ id: schemes.id })
    .get();
  writeSchemeChildren(db, row.id, s);
  return row.id;
}

export function writeSchemeChildren(db: Queryable, schemeId: number, s: Scheme): void {
  db.delete(indicators).where(eq(indicators.schemeId, schemeId)).run();
  s.indicators.forEach((ind, position) => {
    db.insert(indicators)
      .values({
        schemeId,
        position,
        code: ind.code,
        groupCode: ind.group,
        name: ind.name,
        rule: ind.rule,
        pointsCity: ind.points.city ?? null,
        pointsCounty: ind.points.county ?? null,
        definition: ind,
      })
      .run();
  });
  const existing = db.select().from(periods).where(eq(periods.schemeId, schemeId)).all();
  const keep = new Set(s.periods.map((p) => p.code));
  for (const p of existing) if (!keep.has(p.code)) db.delete(periods).where(eq(periods.id, p.id)).run();
  for (const p of s.periods) {
    const values = { name: p.name, opens: p.opens, due: p.due, locks: p.locks, annual: Boolean(p.annual) };
    const found = existing.find((e) => e.code === p.code);
    if (found) db.update(periods).set(values).where(eq(periods.id, found.id)).run();
    else db.insert(periods).values({ schemeId, code: p.code, ...values }).run();
  }
}

export interface StoredScheme {
  id: number;
  version: number;
  frozen: boolean;
  updatedAt: string;
  scheme: Scheme;
}

const schemeCache = new WeakMap<object, Map<number, { stamp: string; stored: StoredScheme }>>();

/**
 * Everything `readScheme` returns, as one string: the scheme row, its periods and its indicators'
 * definitions (read by one prepared statement; cheaper than the three queries and 20-odd JSON parses
 * it saves on every submission and every rescoring).
 */
const STAMP = `select s.id || '|' || s.version || '|' || s.updated_at || '|' || s.frozen || '|' || s.title || '|' || s.disclosure_weight || '|' ||
    coalesce(s.min_disclosure_weight, '') || '|' || s.grades || '|' || s.groups || '#' ||
    coalesce((select group_concat(p.id || ',' || p.code || ',' || p.name || ',' || p.opens || ',' || p.due || ',' || p.locks || ',' || p.annual, ';') from periods p where p.scheme_id = s.id), '') || '#' ||
    coalesce((select group_concat(i.id || ',' || i.position || ',' || i.definition, ';') from indicators i where i.scheme_id = s.id), '') as stamp
  from schemes s where s.year = ?`;

/** The scheme of a year as the shared `Scheme` type, or null. Remembered per database until any of its rows change. */
export function readScheme(db: Queryable, year: number): StoredScheme | null {
  const shared = readSchemeShared(db, year);
  // A copy: callers may treat what they get as their own.
  return shared && structuredClone(shared);
}

/**
 * `readScheme` without the copy: the remembered scheme itself, deeply frozen (changing it throws).
 * For hot paths that only read it (each submission validates against it; a copy cost as much as
 * the rest of the lookup, docs/performance.md §2).
 */
export function readSchemeShared(db: Queryable, year: number): StoredScheme | null {
  const stamp = (prepared(db, STAMP).get(year) as { stamp: string } | undefined)?.stamp;
  if (stamp === undefined) return null;
  let perDb = schemeCache.get(sqliteOf(db));
  if (!perDb) schemeCache.set(sqliteOf(db), (perDb = new Map()));
  const hit = perDb.get(year);
  if (hit && hit.stamp === stamp) return hit.stored;
  const stored = readSchemeRows(db, year);
  if (stored) perDb.set(year, { stamp, stored: deepFreeze(stored) });
  return stored;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function readSchemeRows(db: Queryable, year: number): StoredScheme | null {
  const row = db.select().from(schemes).where(eq(schemes.year, year)).get();
  if (!row) return null;
  const inds = db.select().from(indicators).where(eq(indicators.schemeId, row.id)).orderBy(asc(indicators.position)).all();
  const pers = db.select().from(periods).where(eq(periods.schemeId, row.id)).orderBy(asc(periods.code)).all();
  return {
    id: row.id,
    version: row.version,
    frozen: row.frozen,
    updatedAt: row.updatedAt,
    scheme: {
      year: row.year,
      title: row.title,
      disclosureWeight: row.disclosureWeight,
      ...(row.minDisclosureWeight != null ? { minDisclosureWeight: row.minDisclosureWeight } : {}),
      grades: row.grades as Grade[],
      groups: row.groups as IndicatorGroup[],
      periods: pers.map((p) => ({ code: p.code, name: p.name, opens: p.opens, due: p.due, locks: p.locks, ...(p.annual ? { annual: true } : {}) })),
      indicators: inds.map((i) => i.definition as Indicator),
    },
  };
}

export function listSchemeYears(db: Queryable): { year: number; title: string; version: number; frozen: boolean }[] {
  return db
    .select({ year: schemes.year, title: schemes.title, version: schemes.version, frozen: schemes.frozen })
    .from(schemes)
    .orderBy(asc(schemes.year))
    .all();
}

/**
 * Writes an edited scheme over the stored one of the same year, bumping its version, but only if the
 * stored version is still `expectedVersion`. Returns the new version, or null when someone saved meanwhile.
 * The scheme must already be validated.
 */
export function updateScheme(db: Queryable, schemeId: number, expectedVersion: number, s: Scheme, now: Date): number | null {
  const row = db
    .update(schemes)
    .set({
      title: s.title,
      disclosureWeight: s.disclosureWeight,
      minDisclosureWeight: s.minDisclosureWeight ?? null,
      grades: s.grades,
      groups: s.groups,
      version: expectedVersion + 1,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(schemes.id, schemeId), eq(schemes.version, expectedVersion)))
    .returning({ version: schemes.version })
    .get();
  if (!row) return null;
  writeSchemeChildren(db, schemeId, s);
  return row.version;
}

/** Number of reports (any status) per period code of a scheme; periods without reports are absent. */
export function reportCountsByPeriod(db: Queryable, schemeId: number): Record<string, number> {
  const rows = db
    .select({ code: periods.code, n: sql<number>`count(${reports.id})` })
    .from(periods)
    .innerJoin(reports, eq(reports.periodId, periods.id))
    .where(eq(periods.schemeId, schemeId))
    .groupBy(periods.code)
    .all();
  return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}

/** Number of reports of a scheme's periods that hold a value for each indicator code. */
export function valueCountsByIndicator(db: Queryable, schemeId: number): Record<string, number> {
  const rows = db
    .select({ code: reportValues.indicatorCode, n: sql<number>`count(distinct ${reports.id})` })
    .from(reportValues)
    .innerJoin(reportVersions, eq(reportVersions.id, reportValues.versionId))
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .innerJoin(periods, eq(periods.id, reports.periodId))
    .where(eq(periods.schemeId, schemeId))
    .groupBy(reportValues.indicatorCode)
    .all();
  return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}
