import { and, eq } from 'drizzle-orm';
import { prepared, type Queryable } from '../client';
import { reportValues, reportVersions, reports, type ReportRow } from '../schema';
import type { IndicatorValue, ReportValues } from '../../shared/report-values';

export function findReport(db: Queryable, unitCode: string, periodId: number): ReportRow | undefined {
  return db.select().from(reports).where(and(eq(reports.unitCode, unitCode), eq(reports.periodId, periodId))).get();
}

/** The report of a unit for a period, created as an empty draft (version 1) when missing. */
export function ensureReport(db: Queryable, unitCode: string, periodId: number, now: Date, accountId: number | null): ReportRow {
  const found = findReport(db, unitCode, periodId);
  if (found) return found;
  const row = db
    .insert(reports)
    .values({ unitCode, periodId, status: 'draft', currentVersion: 1, revision: 0, updatedAt: now.toISOString() })
    .returning()
    .get();
  db.insert(reportVersions).values({ reportId: row.id, version: 1, createdAt: now.toISOString(), createdBy: accountId }).run();
  return row;
}

export function versionRow(db: Queryable, reportId: number, version: number) {
  return db
    .select()
    .from(reportVersions)
    .where(and(eq(reportVersions.reportId, reportId), eq(reportVersions.version, version)))
    .get();
}

type ValueRow = typeof reportValues.$inferSelect;

export function rowToValue(r: ValueRow): IndicatorValue {
  const v: IndicatorValue = {};
  if (r.date != null) v.date = r.date;
  if (r.numerator != null) v.numerator = r.numerator;
  if (r.denominator != null) v.denominator = r.denominator;
  if (r.count != null) v.count = r.count;
  if (r.yes != null) v.yes = r.yes;
  if (r.extra != null) v.extra = r.extra as Record<string, number | null>;
  if (r.evidenceUrl != null) v.evidenceUrl = r.evidenceUrl;
  if (r.evidenceFile != null) v.evidenceFile = r.evidenceFile;
  if (r.note != null) v.note = r.note;
  return v;
}

export function valueToRow(versionId: number, indicatorCode: string, v: IndicatorValue): typeof reportValues.$inferInsert {
  const text = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim());
  return {
    versionId,
    indicatorCode,
    date: text(v.date),
    numerator: v.numerator ?? null,
    denominator: v.denominator ?? null,
    count: v.count ?? null,
    yes: v.yes ?? null,
    extra: v.extra && Object.keys(v.extra).length ? v.extra : null,
    evidenceUrl: text(v.evidenceUrl),
    evidenceFile: text(v.evidenceFile),
    note: text(v.note),
  };
}

/** True when a value carries nothing (such rows are not stored). */
export function isEmptyValue(v: IndicatorValue): boolean {
  const r = valueToRow(0, '', v);
  return [r.date, r.numerator, r.denominator, r.count, r.yes, r.extra, r.evidenceUrl, r.evidenceFile, r.note].every((x) => x == null);
}

export function readValues(db: Queryable, versionId: number): ReportValues {
  const out: ReportValues = {};
  for (const r of db.select().from(reportValues).where(eq(reportValues.versionId, versionId)).all()) out[r.indicatorCode] = rowToValue(r);
  return out;
}

/** Values of many versions at once: versionId → values. */
export function readValuesOf(db: Queryable, versionIds: number[]): Map<number, ReportValues> {
  const out = new Map<number, ReportValues>();
  for (const id of versionIds) out.set(id, {});
  // One prepared statement (scoring reads ~70k values at national scale; drizzle's per-call query
  // building and row mapping were a quarter of a ranking's cost, docs/performance.md).
  // Rows as arrays, each turned straight into its value (no intermediate row object).
  const select = prepared(db, `select ${VALUE_COLUMNS} from report_values where version_id in (select value from json_each(?))`).raw(true);
  for (let i = 0; i < versionIds.length; i += 5000) {
    for (const r of select.all(JSON.stringify(versionIds.slice(i, i + 5000))) as RawValueTuple[]) {
      const v: IndicatorValue = {};
      if (r[2] != null) v.date = r[2];
      if (r[3] != null) v.numerator = r[3];
      if (r[4] != null) v.denominator = r[4];
      if (r[5] != null) v.count = r[5];
      if (r[6] != null) v.yes = r[6] !== 0;
      if (r[7] != null) v.extra = JSON.parse(r[7]) as Record<string, number | null>;
      if (r[8] != null) v.evidenceUrl = r[8];
      if (r[9] != null) v.evidenceFile = r[9];
      if (r[10] != null) v.note = r[10];
      out.get(r[0])![r[1]] = v;
    }
  }
  return out;
}

/** Stands for evidence that was given, where only its presence counts (`readScoringFiguresOf`). */
export const EVIDENCE_GIVEN = '（已提供佐证材料）';

/**
 * What scores are computed from, of many versions at once: `readValuesOf` less the note and the
 * extra figures, with evidence as a presence mark (`EVIDENCE_GIVEN` in `evidenceUrl`) instead of
 * its reference. Rankings from scratch read this: bringing 70,000 evidence URLs into JavaScript
 * cost a third of reading the values (docs/performance.md). Stored references are trimmed when
 * written (`valueToRow`), so a stored one is evidence.
 */
export function readScoringFiguresOf(db: Queryable, versionIds: number[]): Map<number, ReportValues> {
  const out = new Map<number, ReportValues>();
  for (const id of versionIds) out.set(id, {});
  const select = prepared(
    db,
    `select version_id, indicator_code, date, numerator, denominator, count, yes,
            coalesce(length(trim(evidence_url)), 0) + coalesce(length(trim(evidence_file)), 0) > 0
       from report_values where version_id in (select value from json_each(?))`,
  ).raw(true);
  for (let i = 0; i < versionIds.length; i += 5000) {
    for (const r of select.all(JSON.stringify(versionIds.slice(i, i + 5000))) as [number, string, string | null, number | null, number | null, number | null, number | null, number][]) {
      // One object shape for every value (absent figures as null, which the rules read as missing).
      const v: IndicatorValue = { date: r[2], numerator: r[3], denominator: r[4], count: r[5], yes: r[6] === null ? null : r[6] !== 0, evidenceUrl: r[7] ? EVIDENCE_GIVEN : null };
      out.get(r[0])![r[1]] = v;
    }
  }
  return out;
}

/** A `report_values` row in VALUE_COLUMNS order, as better-sqlite3 returns it in raw mode. */
type RawValueTuple = [number, string, string | null, number | null, number | null, number | null, number | null, string | null, string | null, string | null, string | null];

const VALUE_COLUMNS = 'version_id, indicator_code, date, numerator, denominator, count, yes, extra, evidence_url, evidence_file, note';

/** Replaces a (draft) version's values. Submitted versions are never passed here. */
export function writeValues(db: Queryable, versionId: number, values: ReportValues): void {
  prepared(db, 'delete from report_values where version_id = ?').run(versionId);
  // A prepared single-row insert per value: drizzle's insert costs ~10× a prepared one (docs/performance.md).
  const insert = prepared(db, `insert into report_values (${VALUE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const [code, v] of Object.entries(values)) {
    if (isEmptyValue(v)) continue;
    const r = valueToRow(versionId, code, v);
    const yes = r.yes == null ? null : r.yes ? 1 : 0;
    insert.run(r.versionId, r.indicatorCode, r.date ?? null, r.numerator ?? null, r.denominator ?? null, r.count ?? null, yes, r.extra == null ? null : JSON.stringify(r.extra), r.evidenceUrl ?? null, r.evidenceFile ?? null, r.note ?? null);
  }
}

/** Starts version N+1 as a draft copy of version N (after a return or a reopen). */
export function startNextVersion(db: Queryable, report: ReportRow, now: Date, accountId: number | null): number {
  const prev = versionRow(db, report.id, report.currentVersion);
  const next = db
    .insert(reportVersions)
    .values({ reportId: report.id, version: report.currentVersion + 1, createdAt: now.toISOString(), createdBy: accountId })
    .returning({ id: reportVersions.id })
    .get();
  if (prev) writeValues(db, next.id, readValues(db, prev.id));
  return report.currentVersion + 1;
}
