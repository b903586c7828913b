/**
 * The 回执 (receipt) hash of a submitted report version: SHA-256 over a canonical text of what was
 * submitted — unit, period, version number, submitted time and every stored value. It is computed
 * once when the version is submitted and stored beside it (`report_versions.values_hash`); a receipt
 * shows it, and the office verifies a receipt by looking the hash up and recomputing it from the
 * stored values (a mismatch means the stored data was changed after submission).
 */
import { hash as sha } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { prepared, type Queryable } from '../client';
import { periods, reportVersions, reports } from '../schema';
import type { ReportValues } from '../../shared/report-values';
import { readValues, readValuesOf } from './reports';

export const RECEIPT_HASH_FORMAT = 'zwgk-receipt/1';

export interface HashedVersion {
  unitCode: string;
  periodCode: string;
  version: number;
  submittedAt: string;
  values: ReportValues;
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The receipt hash (64 hex digits) of a submitted version's content. */
export function versionHash(v: HashedVersion): string {
  const text = `${RECEIPT_HASH_FORMAT}\n${v.unitCode}\n${v.periodCode}\n${v.version}\n${v.submittedAt}\n${canonicalJson(v.values)}`;
  return sha('sha256', text, 'hex');
}

const versionFacts = (db: Queryable) =>
  db
    .select({ id: reportVersions.id, version: reportVersions.version, submittedAt: reportVersions.submittedAt, unitCode: reports.unitCode, periodCode: periods.code })
    .from(reportVersions)
    .innerJoin(reports, eq(reports.id, reportVersions.reportId))
    .innerJoin(periods, eq(periods.id, reports.periodId));

/** The hash of a stored version recomputed from its stored values (null while it is not submitted). */
export function recomputeVersionHash(db: Queryable, versionId: number): string | null {
  // Prepared once per connection: every submission runs this (docs/performance.md §2).
  const f = prepared(
    db,
    'select v.id as id, v.version as version, v.submitted_at as submittedAt, r.unit_code as unitCode, p.code as periodCode from report_versions v join reports r on r.id = v.report_id join periods p on p.id = r.period_id where v.id = ?',
  ).get(versionId) as { id: number; version: number; submittedAt: string | null; unitCode: string; periodCode: string } | undefined;
  if (!f?.submittedAt) return null;
  return versionHash({ unitCode: f.unitCode, periodCode: f.periodCode, version: f.version, submittedAt: f.submittedAt, values: readValues(db, f.id) });
}

/**
 * Submits a version (call in the submitting transaction, after its values are written): records its
 * source, time and account and stores its receipt hash, computed over the values as stored (read
 * back). The caller names the version's unit, period and number, as they are in its report row.
 */
export function submitVersion(
  db: Queryable,
  v: { versionId: number; unitCode: string; periodCode: string; version: number; source: string; submittedAt: string; submittedBy: number | null },
): string {
  const h = versionHash({ unitCode: v.unitCode, periodCode: v.periodCode, version: v.version, submittedAt: v.submittedAt, values: readValues(db, v.versionId) });
  prepared(db, 'update report_versions set source = ?, submitted_at = ?, submitted_by = ?, values_hash = ? where id = ?').run(v.source, v.submittedAt, v.submittedBy, h, v.versionId);
  return h;
}

/**
 * Submitted versions without a hash (written before hashes existed, or by the demo seed) get one.
 * Returns how many; cheap when there are none.
 */
export function sealUnhashedVersions(db: Queryable): number {
  const todo = versionFacts(db)
    .where(and(isNotNull(reportVersions.submittedAt), isNull(reportVersions.valuesHash)))
    .all();
  if (!todo.length) return 0;
  db.transaction((tx) => {
    for (let i = 0; i < todo.length; i += 500) {
      const chunk = todo.slice(i, i + 500);
      const values = readValuesOf(tx, chunk.map((f) => f.id));
      for (const f of chunk) {
        const h = versionHash({ unitCode: f.unitCode, periodCode: f.periodCode, version: f.version, submittedAt: f.submittedAt!, values: values.get(f.id) ?? {} });
        tx.update(reportVersions).set({ valuesHash: h }).where(eq(reportVersions.id, f.id)).run();
      }
    }
  });
  return todo.length;
}
