import { prepared, type Queryable } from '../../db/client';
import { REPORT_STATUSES } from '../../db/schema';
import { readScoringFiguresOf, readValuesOf } from '../../db/repo/reports';
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

/** Whether a report in this status counts on this basis. */
export function countsOn(basis: Basis, status: ReportStatus | null): boolean {
  return status !== null && QUALIFIES[basis].includes(status);
}

/**
 * Whether a report of `reportPeriod` can count in the view of `viewPeriod` (annual: that period
 * itself; a progress view: any period up to it) — with `countsOn`, which views a change of one
 * report can move.
 */
export function periodCountsIn(reportPeriod: string, viewPeriod: string, annual: boolean): boolean {
  return annual ? reportPeriod === viewPeriod : reportPeriod <= viewPeriod;
}

interface CountingRow {
  unitCode: string;
  periodCode: string;
  versionId: number;
}

export interface CountedReports {
  /**
   * unit → values of the report that counts for the view of `periodCode` (annual: that period
   * only). `figuresOnly`: just what scores are computed from (`readScoringFiguresOf`), for scores
   * without explanations.
   */
  valuesAsOf(periodCode: string, opts?: { annual?: boolean; figuresOnly?: boolean }): Map<string, ReportValues>;
}

const COUNTING_SELECT = `select r.unit_code as unitCode, p.code as periodCode, v.id as versionId
     from reports r
     join periods p on p.id = r.period_id
     join report_versions v on v.report_id = r.id and v.version = r.current_version
    where p.scheme_id = ? and r.status in (select value from json_each(?))`;

/** Loads the year's counting reports once (of the given units only, when named); values are read on demand and kept per version. */
export function countedReports(db: Queryable, schemeId: number, basis: Basis, unitCodes?: readonly string[]): CountedReports {
  // One prepared statement: at national scale this reads ~12,000 rows per view, and drizzle's
  // per-call query building and row mapping cost several times the query (docs/performance.md).
  // Named units: a statement of its own, so SQLite looks them up by the (unit_code, period_id) index
  // instead of scanning the year's reports (an `? is null or …` filter cannot use the index; a
  // submission's rescoring names one county and its city).
  const rows: CountingRow[] =
    unitCodes?.length === 0
      ? []
      : unitCodes
        ? (prepared(db, `${COUNTING_SELECT} and r.unit_code in (select value from json_each(?))`).all(schemeId, JSON.stringify(QUALIFIES[basis]), JSON.stringify(unitCodes)) as CountingRow[])
        : (prepared(db, COUNTING_SELECT).all(schemeId, JSON.stringify(QUALIFIES[basis])) as CountingRow[]);
  const caches = { values: new Map<number, ReportValues>(), figures: new Map<number, ReportValues>() };
  return {
    valuesAsOf(periodCode, opts = {}) {
      const latest = new Map<string, CountingRow>();
      for (const r of rows) {
        if (!periodCountsIn(r.periodCode, periodCode, opts.annual === true)) continue;
        const cur = latest.get(r.unitCode);
        if (!cur || r.periodCode > cur.periodCode) latest.set(r.unitCode, r);
      }
      const cache = opts.figuresOnly ? caches.figures : caches.values;
      const missing = [...latest.values()].map((r) => r.versionId).filter((id) => !cache.has(id));
      if (missing.length) for (const [id, v] of (opts.figuresOnly ? readScoringFiguresOf : readValuesOf)(db, missing)) cache.set(id, v);
      const out = new Map<string, ReportValues>();
      for (const [unit, r] of latest) out.set(unit, cache.get(r.versionId) ?? {});
      return out;
    },
  };
}
