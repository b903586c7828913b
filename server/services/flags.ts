import { and, eq } from 'drizzle-orm';
import { reviewFlags } from '../../db/schema';
import type { FlagInput } from '../../shared/reports';
import type { z } from 'zod';
import { NotFound } from '../errors';
import { assertUnitAccess } from '../access';
import { writeAudit } from './audit';
import { loadReportById } from './report-context';
import type { WorkflowCtx } from './reporting';

/** A reviewer's flags on reported values, for follow-up; each write with its audit row in one transaction. */

/** Flags one value of a report, with a comment. */
export function flagValue(w: WorkflowCtx, input: z.output<typeof FlagInput>) {
  const report = loadReportById(w.db, input.reportId);
  assertUnitAccess(w, report.unitCode, 'review');
  return w.db.transaction((tx) => {
    const row = tx
      .insert(reviewFlags)
      .values({ reportId: report.id, version: report.currentVersion, indicatorCode: input.indicatorCode, comment: input.comment, accountId: w.user.accountId, at: w.now.toISOString() })
      .returning()
      .get();
    writeAudit(tx, w.actor, w.now, { action: 'report.flag', entity: 'review_flag', entityId: row.id, unitCode: report.unitCode, reportId: report.id, after: row });
    return row;
  });
}

/** Marks a flag as followed up. */
export function resolveFlag(w: WorkflowCtx, flagId: number) {
  const flag = w.db.select().from(reviewFlags).where(eq(reviewFlags.id, flagId)).get();
  if (!flag) throw new NotFound('标记不存在');
  const report = loadReportById(w.db, flag.reportId);
  assertUnitAccess(w, report.unitCode, 'review');
  w.db.transaction((tx) => {
    tx.update(reviewFlags).set({ resolvedAt: w.now.toISOString() }).where(and(eq(reviewFlags.id, flag.id), eq(reviewFlags.reportId, report.id))).run();
    writeAudit(tx, w.actor, w.now, { action: 'report.resolveFlag', entity: 'review_flag', entityId: flag.id, unitCode: report.unitCode, reportId: report.id, before: flag });
  });
  return { ok: true as const };
}
