import { z } from 'zod';
import { BulkReviewInput, FlagInput, PeriodCode, ReopenInput, ReturnInput, ReviewInput } from '../../shared/reports';
import { flagValue, resolveFlag } from '../services/flags';
import { bulkReview, reviewReport } from '../services/reporting';
import { handledReviews, reviewQueue } from '../services/review-queue';
import { officeProcedure, reviewerProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

export const reviewsRouter = router({
  /** Reports waiting for this reviewer, with timeliness and what changed since the previous version. */
  queue: reviewerProcedure.input(z.strictObject({ periodCode: PeriodCode.optional() }).optional()).query(({ ctx, input }) =>
    reviewQueue(ctx.db, ctx.units, ctx.user, ctx.now(), input?.periodCode),
  ),

  /** 已办: review steps taken by this reviewer's unit (newest first), with each report's return history. */
  handled: reviewerProcedure.input(z.strictObject({ periodCode: PeriodCode.optional() }).optional()).query(({ ctx, input }) =>
    handledReviews(ctx.db, ctx.units, ctx.user, input?.periodCode),
  ),

  /**
   * Approves (city) or accepts (office) several reports at once, all or nothing: each goes through the
   * same review step as one by one; if any is refused, none changes and the error names each refused one.
   */
  bulk: reviewerProcedure.input(BulkReviewInput).mutation(({ ctx, input }) => bulkReview(workflowCtx(ctx), input.action, input.items)),

  /** A city approves its county's submitted report. */
  approve: reviewerProcedure.input(ReviewInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'approve', input)),

  /** The office accepts a city's submitted report or a city-approved county report. */
  accept: officeProcedure.input(ReviewInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'accept', input)),

  /** Returns a report for correction; the reason is required and shown to the reporter. */
  return: reviewerProcedure.input(ReturnInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'return', input)),

  /** The office reopens an accepted report, with a reason. */
  reopen: officeProcedure.input(ReopenInput).mutation(({ ctx, input }) => reviewReport(workflowCtx(ctx), 'reopen', input)),

  /** Flags one value of a report for follow-up, with a comment. */
  flag: reviewerProcedure.input(FlagInput).mutation(({ ctx, input }) => flagValue(workflowCtx(ctx), input)),

  /** Marks a flag as followed up. */
  resolveFlag: reviewerProcedure.input(z.strictObject({ flagId: z.number().int().positive() })).mutation(({ ctx, input }) => resolveFlag(workflowCtx(ctx), input.flagId)),
});
