import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { reviewFlags } from '../../db/schema';
import { FlagInput, PeriodCode, ReopenInput, ReturnInput, ReviewInput } from '../../shared/reports';
import { NotFound } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { loadReportById } from '../services/report-context';
import { reviewReport } from '../services/reporting';
import { reviewQueue } from '../services/review-queue';
import { assertUnitAccess } from '../access';
import { officeProcedure, reviewerProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

export const reviewsRouter = router({
  /** Reports waiting for this reviewer, with timeliness and what changed since the previous version. */
  queue: reviewerProcedure.input(z.strictObject({ periodCode: PeriodCode.optional() }).optional()).query(({ ctx, input }) =>
    reviewQueue(ctx.db, ctx.units, ctx.user, ctx.now(), input?.periodCode),
  ),

  /** A city approves its county's submitted report. */
  approve: reviewerProcedure.input(ReviewInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'approve', input)),

  /** The office accepts a city's submitted report or a city-approved county report. */
  accept: officeProcedure.input(ReviewInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'accept', input)),

  /** Returns a report for correction; the reason is required and shown to the reporter. */
  return: reviewerProcedure.input(ReturnInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'return', input)),

  /** The office reopens an accepted report, with a reason. */
  reopen: officeProcedure.input(ReopenInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'reopen', input)),

  /** Flags one value of a report for follow-up, with a comment. */
  flag: reviewerProcedure.input(FlagInput).mutation(({ ctx, input }) => {
    const report = loadReportById(ctx.db, input.reportId);
    assertUnitAccess(ctx, report.unitCode, 'review');
    const now = ctx.now();
    return ctx.db.transaction((tx) => {
      const row = tx
        .insert(reviewFlags)
        .values({ reportId: report.id, version: report.currentVersion, indicatorCode: input.indicatorCode, comment: input.comment, accountId: ctx.user.accountId, at: now.toISOString() })
        .returning()
        .get();
      writeAudit(tx, actorOf(ctx), now, { action: 'report.flag', entity: 'review_flag', entityId: row.id, unitCode: report.unitCode, reportId: report.id, after: row });
      return row;
    });
  }),

  /** Marks a flag as followed up. */
  resolveFlag: reviewerProcedure.input(z.strictObject({ flagId: z.number().int().positive() })).mutation(({ ctx, input }) => {
    const flag = ctx.db.select().from(reviewFlags).where(eq(reviewFlags.id, input.flagId)).get();
    if (!flag) throw new NotFound('标记不存在');
    const report = loadReportById(ctx.db, flag.reportId);
    assertUnitAccess(ctx, report.unitCode, 'review');
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      tx.update(reviewFlags).set({ resolvedAt: now.toISOString() }).where(and(eq(reviewFlags.id, flag.id), eq(reviewFlags.reportId, report.id))).run();
      writeAudit(tx, actorOf(ctx), now, { action: 'report.resolveFlag', entity: 'review_flag', entityId: flag.id, unitCode: report.unitCode, reportId: report.id, before: flag });
    });
    return { ok: true as const };
  }),
});
