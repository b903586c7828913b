import { z } from 'zod';
import { today } from '../../shared/dates';
import { departmentOverview } from '../services/department/overview';
import { departmentOverviewProcedure, router } from '../trpc';

/** The department's own work on the overview dashboard (a query beside `dashboard.overview`, not part of it). */
export const departmentRouter = router({
  /** Each division's ledger and budget progress of the year as of today, and the divisions' published ranking. */
  overview: departmentOverviewProcedure
    .input(z.strictObject({ year: z.number().int().min(2000).max(2100) }))
    .query(({ ctx, input }) => departmentOverview(ctx.db, ctx.units, input.year, today(ctx.now()))),
});
