import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { periods, reportVersions, reports, REPORT_STATUSES } from '../../db/schema';
import { readValuesOf } from '../../db/repo/reports';
import type { ReportValues } from '../../shared/report-values';

/**
 * Which reports count — the one rule, used by the scores, the rankings and the dashboards.
 *
 * - basis 'accepted' (the official view): only reports the office accepted;
 * - basis 'submitted' (progress, labelled 进度数据（含未审核）): anything submitted, approved by the
 *   city or accepted.
 * The annual view counts each unit's report of the annual period itself; a period's view ("as of
 * 2018Q3") counts each unit's latest counting report in a period up to it. Values are those of the
 * report's current version.
 */
export type Basis = 'accepted' | 'submitted';

type ReportStatus = (typeof REPORT_STATUSES)[number];
const QUALIFIES: Record<Basis, ReportStatus[]> = { accepted: ['accepted'], submitted: ['submitted', 'approved', 'accepted'] };

interface CountingRow {
  unitCode: string;
  periodCode: string;
  versionId: number;
}

export interface CountedReports {
  /** unit → values of the report that counts for the view of `periodCode` (annual: that period only). */
  valuesAsOf(periodCode: string, opts?: { annual?: boolean }): Map<string, ReportValues>;
}

/** Loads the year's counting reports once (of the given units only, when named); values are read on demand and kept per version. */
export function countedReports(db: Queryable, schemeId: number, basis: Basis, unitCodes?: readonly string[]): CountedReports {
  const pers = db.select({ id: periods.id }).from(periods).where(eq(periods.schemeId, schemeId)).all();
  const rows: CountingRow[] = pers.length && unitCodes?.length !== 0
    ? db
        .select({ unitCode: reports.unitCode, periodCode: periods.code, versionId: reportVersions.id })
        .from(reports)
        .innerJoin(periods, eq(periods.id, reports.periodId))
        .innerJoin(reportVersions, and(eq(reportVersions.reportId, reports.id), eq(reportVersions.version, reports.currentVersion)))
        .where(
          and(
            inArray(reports.periodId, pers.map((p) => p.id)),
            inArray(reports.status, QUALIFIES[basis]),
            unitCodes ? inArray(reports.unitCode, [...unitCodes]) : undefined,
          ),
        )
        .all()
    : [];
  const cache = new Map<number, ReportValues>();
  return {
    valuesAsOf(periodCode, opts = {}) {
      const latest = new Map<string, CountingRow>();
      for (const r of rows) {
        if (opts.annual ? r.periodCode !== periodCode : r.periodCode > periodCode) continue;
        const cur = latest.get(r.unitCode);
        if (!cur || r.periodCode > cur.periodCode) latest.set(r.unitCode, r);
      }
      const missing = [...latest.values()].map((r) => r.versionId).filter((id) => !cache.has(id));
      if (missing.length) for (const [id, v] of readValuesOf(db, missing)) cache.set(id, v);
      const out = new Map<string, ReportValues>();
      for (const [unit, r] of latest) out.set(unit, cache.get(r.versionId) ?? {});
      return out;
    },
  };
}
