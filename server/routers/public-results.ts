import { z } from 'zod';
import { rankingPublications } from '../../db/schema';
import { actorOf } from '../services/audit';
import { divisionsPublic, setDivisionsPublic } from '../services/department/public-results';
import { officeProcedure, router } from '../trpc';

const Year = z.number().int().min(2000).max(2100);

export const publicResultsRouter = router({
  /** Years with a published ranking, and whether the divisions' ranking of each is shown on /public. */
  settings: officeProcedure.query(({ ctx }) =>
    [...new Set(ctx.db.select({ y: rankingPublications.year }).from(rankingPublications).all().map((r) => r.y))]
      .sort((a, b) => b - a)
      .map((year) => ({ year, divisionsPublic: divisionsPublic(ctx.db, year) })),
  ),

  /** The office shows (or hides) a year's published divisions' ranking on the public page. */
  setDivisionsPublic: officeProcedure
    .input(z.strictObject({ year: Year, public: z.boolean() }))
    .mutation(({ ctx, input }) => setDivisionsPublic(ctx.db, actorOf(ctx), ctx.now(), input.year, input.public)),
});
