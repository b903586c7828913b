import { prepared, type Queryable } from '../client';
import { reportValues, reportVersions, reviewActions, type ReportRow } from '../schema';
import type { IndicatorValue, ReportValues } from '../../shared/report-values';

/**
 * The hot lookups and writes of the report workflow run as statements prepared once per connection
 * (`prepared`, db/client.ts): on a deadline day every submission runs each of them, and drizzle's
 * per-call query building cost 10× a prepared statement (docs/performance.md §2). Rows come back
 * under drizzle's property names (`as "camelCase"`), so callers see the same `ReportRow` as before.
 */
const REPORT_COLUMNS =
  'id, unit_code as unitCode, period_id as periodId, status, current_version as currentVersion, revision, ' +
  'first_submitted_at as firstSubmittedAt, last_submitted_at as lastSubmittedAt, return_reason as returnReason, updated_at as updatedAt';
// Texts built once: a statement is found by its text (`prepared`), and a fresh string would be hashed on every call.
const FIND_REPORT = `select ${REPORT_COLUMNS} from reports where unit_code = ? and period_id = ?`;
const INSERT_REPORT = `insert into reports (unit_code, period_id, status, current_version, revision, updated_at) values (?, ?, 'draft', 1, 0, ?) returning ${REPORT_COLUMNS}`;

export function findReport(db: Queryable, unitCode: string, periodId: number): ReportRow | undefined {
  return prepared(db, FIND_REPORT).get(unitCode, periodId) as ReportRow | undefined;
}

/** The report of a unit for a period, created as an empty draft (version 1) when missing. */
export function ensureReport(db: Queryable, unitCode: string, periodId: number, now: Date, accountId: number | null): ReportRow {
  return findReport(db, unitCode, periodId) ?? createReport(db, unitCode, periodId, now, accountId);
}

/** A new empty draft report (version 1) of a unit for a period that has none. */
export function createReport(db: Queryable, unitCode: string, periodId: number, now: Date, accountId: number | null): ReportRow {
  const at = now.toISOString();
  const row = prepared(db, INSERT_REPORT).get(
    unitCode,
    periodId,
    at,
  ) as ReportRow;
  insertVersion(db, row.id, 1, at, accountId);
  return row;
}

function insertVersion(db: Queryable, reportId: number, version: number, at: string, accountId: number | null): number {
  return (prepared(db, 'insert into report_versions (report_id, version, created_at, created_by) values (?, ?, ?, ?) returning id').get(reportId, version, at, accountId) as { id: number }).id;
}

export type VersionRow = typeof reportVersions.$inferSelect;

export function versionRow(db: Queryable, reportId: number, version: number): VersionRow | undefined {
  return prepared(
    db,
    'select id, report_id as reportId, version, created_at as createdAt, created_by as createdBy, submitted_at as submittedAt, submitted_by as submittedBy, source, values_hash as valuesHash from report_versions where report_id = ? and version = ?',
  ).get(reportId, version) as VersionRow | undefined;
}

/** Where a draft version's values came from (web form or workbook). */
export function setVersionSource(db: Queryable, versionId: number, source: string): void {
  prepared(db, 'update report_versions set source = ? where id = ?').run(source, versionId);
}

/** What a workflow step changes on a report row (besides its revision and time, which every write bumps). */
export type ReportChange = Partial<Pick<ReportRow, 'status' | 'currentVersion' | 'returnReason' | 'firstSubmittedAt' | 'lastSubmittedAt'>>;

const CHANGE_COLUMNS: Record<keyof ReportChange, string> = {
  status: 'status',
  currentVersion: 'current_version',
  returnReason: 'return_reason',
  firstSubmittedAt: 'first_submitted_at',
  lastSubmittedAt: 'last_submitted_at',
};

/**
 * Writes `change` to the report and bumps its revision, only if the row still has the revision the
 * caller read (the optimistic lock); the updated row, or undefined when another write came first.
 */
export function updateReport(db: Queryable, report: Pick<ReportRow, 'id' | 'revision'>, change: ReportChange, now: Date): ReportRow | undefined {
  const params: unknown[] = [];
  let mask = 0;
  CHANGE_KEYS.forEach((k, i) => {
    if (change[k] === undefined) return;
    mask |= 1 << i;
    params.push(change[k]);
  });
  let text = updateTexts.get(mask);
  if (!text) {
    const sets = CHANGE_KEYS.filter((_, i) => mask & (1 << i)).map((k) => `${CHANGE_COLUMNS[k]} = ?`);
    updateTexts.set(mask, (text = `update reports set ${[...sets, 'revision = ?', 'updated_at = ?'].join(', ')} where id = ? and revision = ? returning ${REPORT_COLUMNS}`));
  }
  return prepared(db, text).get(...params, report.revision + 1, now.toISOString(), report.id, report.revision) as ReportRow | undefined;
}

const CHANGE_KEYS = Object.keys(CHANGE_COLUMNS) as (keyof ReportChange)[];
/** The update's text per set of changed columns (a bit each), built once. */
const updateTexts = new Map<number, string>();

/** One step of a report's review trail (报送, 审核通过, 采纳, 退回, 重新开放). */
export interface ReviewStep {
  reportId: number;
  version: number;
  action: (typeof reviewActions.$inferInsert)['action'];
  reason?: string | null;
  accountId: number | null;
  at: string;
}

export function insertReviewAction(db: Queryable, s: ReviewStep): void {
  prepared(db, 'insert into review_actions (report_id, version, action, reason, account_id, at) values (?, ?, ?, ?, ?, ?)').run(s.reportId, s.version, s.action, s.reason ?? null, s.accountId, s.at);
}

/** Text as stored: trimmed, and blank as absent. */
function storedText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

export function valueToRow(versionId: number, indicatorCode: string, v: IndicatorValue): typeof reportValues.$inferInsert {
  return {
    versionId,
    indicatorCode,
    date: storedText(v.date),
    numerator: v.numerator ?? null,
    denominator: v.denominator ?? null,
    count: v.count ?? null,
    yes: v.yes ?? null,
    extra: v.extra && Object.keys(v.extra).length ? v.extra : null,
    evidenceUrl: storedText(v.evidenceUrl),
    evidenceFile: storedText(v.evidenceFile),
    note: storedText(v.note),
  };
}

function isEmptyRow(r: typeof reportValues.$inferInsert): boolean {
  return r.date == null && r.numerator == null && r.denominator == null && r.count == null && r.yes == null && r.extra == null && r.evidenceUrl == null && r.evidenceFile == null && r.note == null;
}

/** True when a value carries nothing (such rows are not stored). */
export function isEmptyValue(v: IndicatorValue): boolean {
  return isEmptyRow(valueToRow(0, '', v));
}

/** A stored row as the value it holds (boolean `yes`, parsed `extra`, absent fields left out). */
function rawToValue(r: RawValueTuple): IndicatorValue {
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
  return v;
}

export function readValues(db: Queryable, versionId: number): ReportValues {
  const out: ReportValues = {};
  // Rows as arrays, each turned straight into its value (no intermediate row object).
  for (const r of prepared(db, SELECT_VALUES).raw(true).all(versionId) as RawValueTuple[]) out[r[1]] = rawToValue(r);
  return out;
}

/** Values of many versions at once: versionId → values. */
export function readValuesOf(db: Queryable, versionIds: number[]): Map<number, ReportValues> {
  const out = new Map<number, ReportValues>();
  for (const id of versionIds) out.set(id, {});
  // One prepared statement (scoring reads ~70k values at national scale; drizzle's per-call query
  // building and row mapping were a quarter of a ranking's cost, docs/performance.md).
  // Rows as arrays, each turned straight into its value (no intermediate row object).
  const select = prepared(db, SELECT_VALUES_OF).raw(true);
  for (let i = 0; i < versionIds.length; i += 5000) {
    for (const r of select.all(JSON.stringify(versionIds.slice(i, i + 5000))) as RawValueTuple[]) out.get(r[0])![r[1]] = rawToValue(r);
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
const SELECT_VALUES = `select ${VALUE_COLUMNS} from report_values where version_id = ?`;
const SELECT_VALUES_OF = `select ${VALUE_COLUMNS} from report_values where version_id in (select value from json_each(?))`;
const INSERT_VALUE = `insert into report_values (${VALUE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Replaces a (draft) version's values. Submitted versions are never passed here. */
export function writeValues(db: Queryable, versionId: number, values: ReportValues): void {
  prepared(db, 'delete from report_values where version_id = ?').run(versionId);
  // A prepared single-row insert per value: drizzle's insert costs ~10× a prepared one (docs/performance.md).
  const insert = prepared(db, INSERT_VALUE);
  for (const [code, v] of Object.entries(values)) {
    const r = valueToRow(versionId, code, v);
    if (isEmptyRow(r)) continue;
    const yes = r.yes == null ? null : r.yes ? 1 : 0;
    insert.run(r.versionId, r.indicatorCode, r.date ?? null, r.numerator ?? null, r.denominator ?? null, r.count ?? null, yes, r.extra == null ? null : JSON.stringify(r.extra), r.evidenceUrl ?? null, r.evidenceFile ?? null, r.note ?? null);
  }
}

/** Starts version N+1 as a draft copy of version N (after a return or a reopen). */
export function startNextVersion(db: Queryable, report: ReportRow, now: Date, accountId: number | null): number {
  const prev = versionRow(db, report.id, report.currentVersion);
  const nextId = insertVersion(db, report.id, report.currentVersion + 1, now.toISOString(), accountId);
  if (prev) writeValues(db, nextId, readValues(db, prev.id));
  return report.currentVersion + 1;
}
