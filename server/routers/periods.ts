import { z } from 'zod';
import { and, eq, isNotNull } from 'drizzle-orm';
import { dueExtensions, notices, periods, reports, schemes } from '../../db/schema';
import { ExtendDueInput, PeriodCode, PeriodUpdateInput, StatusGridInput } from '../../shared/reports';
import { currentPeriod, periodStatus, unitExistedIn } from '../../shared/periods';
import { Forbidden, Invalid } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { loadPeriod } from '../services/report-context';
import { statusGrid } from '../services/status-grid';
import { assertUnitAccess, readableUnitCodes } from '../access';
import { businessProcedure, officeProcedure, router } from '../trpc';
import { formatDateZh, today } from '../../shared/dates';

export const periodsRouter = router({
  /** Periods of a year with where each stands today. */
  list: businessProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) => {
    const scheme = ctx.db.select().from(schemes).where(eq(schemes.year, input.year)).get();
    if (!scheme) return [];
    const day = today(ctx.now());
    return ctx.db
      .select()
      .from(periods)
      .where(eq(periods.schemeId, scheme.id))
      .orderBy(periods.code)
      .all()
      .map((p) => ({ ...p, status: periodStatus(p, day) }));
  }),

  /** The period that is open today (or the latest one that has opened). */
  current: businessProcedure.query(({ ctx }) => {
    const day = today(ctx.now());
    const pick = currentPeriod(ctx.db.select().from(periods).all(), day);
    return pick ? { ...pick, status: periodStatus(pick, day), today: day } : null;
  }),

  /** The office edits a period's opening, due and lock dates (not once the year's scheme is frozen). */
  update: officeProcedure.input(PeriodUpdateInput).mutation(({ ctx, input }) => {
    const period = loadPeriod(ctx.db, input.code);
    const scheme = ctx.db.select().from(schemes).where(eq(schemes.id, period.schemeId)).get();
    if (scheme?.frozen) throw new Forbidden(`${scheme.year} 年度考核结果已发布，方案和期次已冻结`);
    const now = ctx.now();
    return ctx.db.transaction((tx) => {
      const after = tx
        .update(periods)
        .set({ opens: input.opens, due: input.due, locks: input.locks })
        .where(eq(periods.id, period.id))
        .returning()
        .get();
      writeAudit(tx, actorOf(ctx), now, { action: 'period.update', entity: 'period', entityId: period.code, before: period, after });
      return after;
    });
  }),

  /** The office extends one unit's due date for a period, with a reason. */
  extendDue: officeProcedure.input(ExtendDueInput).mutation(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'review');
    if (unit.level === 'province') throw new Invalid('省级单位不填报', [{ path: 'unitCode', message: '省级单位不填报' }]);
    const period = loadPeriod(ctx.db, input.periodCode);
    if (input.due <= period.due) {
      throw new Invalid(`延期后的截止日期应晚于原截止日期${formatDateZh(period.due)}`, [{ path: 'due', message: `应晚于${formatDateZh(period.due)}` }]);
    }
    const now = ctx.now();
    return ctx.db.transaction((tx) => {
      const before = tx.select().from(dueExtensions).where(and(eq(dueExtensions.periodId, period.id), eq(dueExtensions.unitCode, unit.code))).get();
      const values = { due: input.due, reason: input.reason, accountId: ctx.user.accountId, at: now.toISOString() };
      const after = before
        ? tx.update(dueExtensions).set(values).where(eq(dueExtensions.id, before.id)).returning().get()
        : tx.insert(dueExtensions).values({ periodId: period.id, unitCode: unit.code, ...values }).returning().get();
      tx.insert(notices)
        .values({
          unitCode: unit.code,
          kind: 'reminder',
          title: `${period.name}报告截止日期已延至${formatDateZh(input.due)}`,
          body: `厅办公室将您单位${period.name}报告的截止日期延至${formatDateZh(input.due)}。理由：${input.reason}`,
          createdAt: now.toISOString(),
        })
        .run();
      writeAudit(tx, actorOf(ctx), now, { action: 'period.extendDue', entity: 'due_extension', entityId: after.id, unitCode: unit.code, before: before ?? null, after });
      return after;
    });
  }),

  /** Units × periods with on time / late (days) / missing; a city sees its counties, a county itself. */
  statusGrid: businessProcedure.input(StatusGridInput).query(({ ctx, input }) => {
    const scope = readableUnitCodes(ctx.user, (c) => ctx.units.childrenOf(c));
    if (input.cityCode) assertUnitAccess(ctx, input.cityCode, 'read');
    const units = ctx.units
      .all()
      .filter((u) => u.level !== 'province')
      .filter((u) => scope === 'all' || scope.has(u.code))
      .filter((u) => !input.cityCode || u.code === input.cityCode || u.parentCode === input.cityCode);
    return statusGrid(ctx.db, units, input.year, ctx.now());
  }),

  /** The office sends a reminder notice to exactly the units that have not submitted for a period. */
  remind: officeProcedure.input(z.strictObject({ periodCode: PeriodCode })).mutation(({ ctx, input }) => {
    const period = loadPeriod(ctx.db, input.periodCode);
    const now = ctx.now();
    if (periodStatus(period, today(now)) === 'not-open') {
      throw new Invalid(`${period.name}尚未开始填报（${formatDateZh(period.opens)}开始），无需催报`, [{ path: 'periodCode', message: '期次尚未开始' }]);
    }
    const submitted = new Set(
      ctx.db
        .select({ unitCode: reports.unitCode })
        .from(reports)
        .where(and(eq(reports.periodId, period.id), isNotNull(reports.firstSubmittedAt)))
        .all()
        .map((r) => r.unitCode),
    );
    const targets = ctx.units.all().filter((u) => u.level !== 'province' && unitExistedIn(u, period) && !submitted.has(u.code));
    ctx.db.transaction((tx) => {
      for (const u of targets) {
        tx.insert(notices)
          .values({
            unitCode: u.code,
            kind: 'reminder',
            title: `请尽快报送${period.name}报告`,
            body: `${period.name}报告截止日期为${formatDateZh(period.due)}，您单位尚未报送，请尽快填报并报送。`,
            createdAt: now.toISOString(),
          })
          .run();
      }
      writeAudit(tx, actorOf(ctx), now, { action: 'period.remind', entity: 'period', entityId: period.code, after: { units: targets.map((u) => u.code) } });
    });
    return { count: targets.length, units: targets.map((u) => ({ code: u.code, name: u.name })) };
  }),
});
