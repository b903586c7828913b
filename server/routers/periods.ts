import { isBureau } from '../services/unit-directory';
import { z } from 'zod';
import { ExtendDueInput, PeriodCode, PeriodUpdateInput, StatusGridInput } from '../../shared/reports';
import { currentPeriodView, extendDue, listPeriods, remindUnsubmitted, updatePeriod } from '../services/periods';
import { statusGrid } from '../services/status-grid';
import { assertUnitAccess, readableUnitCodes } from '../access';
import { businessProcedure, officeProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

export const periodsRouter = router({
  /** Periods of a year with where each stands today. */
  list: businessProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) => listPeriods(ctx.db, input.year, ctx.now())),

  /** The period that is open today (or the latest one that has opened). */
  current: businessProcedure.query(({ ctx }) => currentPeriodView(ctx.db, ctx.now())),

  /** The office edits a period's opening, due and lock dates (not once the year's scheme is frozen). */
  update: officeProcedure.input(PeriodUpdateInput).mutation(({ ctx, input }) => updatePeriod(workflowCtx(ctx), input)),

  /** The office extends one unit's due date for a period, with a reason. */
  extendDue: officeProcedure.input(ExtendDueInput).mutation(({ ctx, input }) => extendDue(workflowCtx(ctx), input)),

  /** Units × periods with on time / late (days) / missing; a city sees its counties, a county itself. */
  statusGrid: businessProcedure.input(StatusGridInput).query(({ ctx, input }) => {
    const scope = readableUnitCodes(ctx.user, (c) => ctx.units.childrenOf(c));
    if (input.cityCode) assertUnitAccess(ctx, input.cityCode, 'read');
    const units = ctx.units
      .all()
      .filter(isBureau)
      .filter((u) => scope === 'all' || scope.has(u.code))
      .filter((u) => !input.cityCode || u.code === input.cityCode || u.parentCode === input.cityCode);
    return statusGrid(ctx.db, units, input.year, ctx.now());
  }),

  /** The office sends a reminder notice to exactly the units that have not submitted for a period. */
  remind: officeProcedure.input(z.strictObject({ periodCode: PeriodCode })).mutation(({ ctx, input }) => remindUnsubmitted(workflowCtx(ctx), input.periodCode)),
});
