import { z } from 'zod';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notices, periods, reports } from '../../db/schema';
import { businessProcedure, router } from '../trpc';

/** Notices go to a unit; every account of the unit sees them. */
export const noticesRouter = router({
  list: businessProcedure.input(z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }).optional()).query(({ ctx, input }) =>
    ctx.db
      .select({
        id: notices.id,
        kind: notices.kind,
        title: notices.title,
        body: notices.body,
        reportId: notices.reportId,
        createdAt: notices.createdAt,
        readAt: notices.readAt,
        /** The report the notice is about (a reviewer's notice names another unit's report). */
        reportUnitCode: reports.unitCode,
        periodCode: periods.code,
      })
      .from(notices)
      .leftJoin(reports, eq(reports.id, notices.reportId))
      .leftJoin(periods, eq(periods.id, reports.periodId))
      .where(eq(notices.unitCode, ctx.user.unitCode))
      .orderBy(desc(notices.createdAt), desc(notices.id))
      .limit(input?.limit ?? 50)
      .all(),
  ),

  unreadCount: businessProcedure.query(({ ctx }) => {
    const row = ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(notices)
      .where(and(eq(notices.unitCode, ctx.user.unitCode), isNull(notices.readAt)))
      .get();
    return { count: row?.n ?? 0 };
  }),

  /** Marks the given notices (or all of the unit's) as read. */
  markRead: businessProcedure.input(z.strictObject({ ids: z.array(z.number().int().positive()).max(500).optional() })).mutation(({ ctx, input }) => {
    const now = ctx.now().toISOString();
    const where = and(eq(notices.unitCode, ctx.user.unitCode), isNull(notices.readAt), input.ids ? inArray(notices.id, input.ids) : undefined);
    const res = ctx.db.update(notices).set({ readAt: now }).where(where).run();
    return { updated: res.changes };
  }),
});
