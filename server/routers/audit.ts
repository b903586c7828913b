import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { AuditListInput } from '../../shared/reports';
import { auditReaderProcedure, router } from '../trpc';
import { addDays, chinaDayStart } from '../../shared/dates';

export const auditRouter = router({
  /** The audit log, newest first, filterable by unit, action prefix and China-date range. */
  list: auditReaderProcedure.input(AuditListInput).query(({ ctx, input }) => {
    const where = and(
      input.unitCode ? eq(auditLog.unitCode, input.unitCode) : undefined,
      input.action ? sql`${auditLog.action} like ${`${input.action}%`}` : undefined,
      input.from ? gte(auditLog.at, chinaDayStart(input.from)) : undefined,
      input.to ? lt(auditLog.at, chinaDayStart(addDays(input.to, 1))) : undefined,
    );
    const total = ctx.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
    const rows = ctx.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .all();
    return { total, page: input.page, pageSize: input.pageSize, rows };
  }),
});
