import { and, eq, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable } from '../../db/client';
import { dueExtensions, notices, periods, reports, schemes } from '../../db/schema';
import type { ExtendDueInput, PeriodUpdateInput } from '../../shared/reports';
import { currentPeriod, periodStatus, unitExistedIn } from '../../shared/periods';
import { formatDateZh, today } from '../../shared/dates';
import { Forbidden, Invalid } from '../errors';
import { assertUnitAccess } from '../access';
import { keepDerived } from './derived/keep';
import { writeAudit } from './audit';
import { isBureau } from './unit-directory';
import { loadPeriod } from './report-context';
import type { WorkflowCtx } from './reporting';

/** Reporting periods: dates, extensions and reminders. Each write and its audit row share one transaction. */

/** Periods of a year with where each stands today. */
export function listPeriods(db: Queryable, year: number, now: Date) {
  const scheme = db.select().from(schemes).where(eq(schemes.year, year)).get();
  if (!scheme) return [];
  const day = today(now);
  return db
    .select()
    .from(periods)
    .where(eq(periods.schemeId, scheme.id))
    .orderBy(periods.code)
    .all()
    .map((p) => ({ ...p, status: periodStatus(p, day) }));
}

/** The period that is open today (or the latest one that has opened). */
export function currentPeriodView(db: Queryable, now: Date) {
  const day = today(now);
  const pick = currentPeriod(db.select().from(periods).all(), day);
  return pick ? { ...pick, status: periodStatus(pick, day), today: day } : null;
}

/** The office edits a period's opening, due and lock dates (not once the year's scheme is frozen). */
export function updatePeriod(w: WorkflowCtx, input: z.output<typeof PeriodUpdateInput>) {
  const period = loadPeriod(w.db, input.code);
  const scheme = w.db.select().from(schemes).where(eq(schemes.id, period.schemeId)).get();
  if (scheme?.frozen) throw new Forbidden(`${scheme.year} 年度考核结果已发布，方案和期次已冻结`);
  return w.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const after = tx
      .update(periods)
      .set({ opens: input.opens, due: input.due, locks: input.locks })
      .where(eq(periods.id, period.id))
      .returning()
      .get();
    writeAudit(tx, w.actor, w.now, { action: 'period.update', entity: 'period', entityId: period.code, before: period, after });
    if (scheme) keep.year(scheme.year);
    keep.finish(w.units);
    return after;
  });
}

/** The office extends one unit's due date for a period, with a reason; the unit gets a notice. */
export function extendDue(w: WorkflowCtx, input: z.output<typeof ExtendDueInput>) {
  const unit = assertUnitAccess(w, input.unitCode, 'review');
  if (unit.level === 'province') throw new Invalid('省级单位不填报', [{ path: 'unitCode', message: '省级单位不填报' }]);
  const period = loadPeriod(w.db, input.periodCode);
  if (input.due <= period.due) {
    throw new Invalid(`延期后的截止日期应晚于原截止日期${formatDateZh(period.due)}`, [{ path: 'due', message: `应晚于${formatDateZh(period.due)}` }]);
  }
  return w.db.transaction((tx) => {
    const keep = keepDerived(tx);
    const before = tx.select().from(dueExtensions).where(and(eq(dueExtensions.periodId, period.id), eq(dueExtensions.unitCode, unit.code))).get();
    const values = { due: input.due, reason: input.reason, accountId: w.user.accountId, at: w.now.toISOString() };
    const after = before
      ? tx.update(dueExtensions).set(values).where(eq(dueExtensions.id, before.id)).returning().get()
      : tx.insert(dueExtensions).values({ periodId: period.id, unitCode: unit.code, ...values }).returning().get();
    tx.insert(notices)
      .values({
        unitCode: unit.code,
        kind: 'reminder',
        title: `${period.name}报告截止日期已延至${formatDateZh(input.due)}`,
        body: `厅办公室将您单位${period.name}报告的截止日期延至${formatDateZh(input.due)}。理由：${input.reason}`,
        createdAt: w.now.toISOString(),
      })
      .run();
    writeAudit(tx, w.actor, w.now, { action: 'period.extendDue', entity: 'due_extension', entityId: after.id, unitCode: unit.code, before: before ?? null, after });
    keep.period(period.id, unit.code);
    keep.finish(w.units);
    return after;
  });
}

/** The office sends a reminder notice to exactly the units that have not submitted for a period. */
export function remindUnsubmitted(w: WorkflowCtx, periodCode: string) {
  const period = loadPeriod(w.db, periodCode);
  if (periodStatus(period, today(w.now)) === 'not-open') {
    throw new Invalid(`${period.name}尚未开始填报（${formatDateZh(period.opens)}开始），无需催报`, [{ path: 'periodCode', message: '期次尚未开始' }]);
  }
  const submitted = new Set(
    w.db
      .select({ unitCode: reports.unitCode })
      .from(reports)
      .where(and(eq(reports.periodId, period.id), isNotNull(reports.firstSubmittedAt)))
      .all()
      .map((r) => r.unitCode),
  );
  const targets = w.units.all().filter((u) => isBureau(u) && unitExistedIn(u, period) && !submitted.has(u.code));
  w.db.transaction((tx) => {
    for (const u of targets) {
      tx.insert(notices)
        .values({
          unitCode: u.code,
          kind: 'reminder',
          title: `请尽快报送${period.name}报告`,
          body: `${period.name}报告截止日期为${formatDateZh(period.due)}，您单位尚未报送，请尽快填报并报送。`,
          createdAt: w.now.toISOString(),
        })
        .run();
    }
    writeAudit(tx, w.actor, w.now, { action: 'period.remind', entity: 'period', entityId: period.code, after: { units: targets.map((u) => u.code) } });
  });
  return { count: targets.length, units: targets.map((u) => ({ code: u.code, name: u.name })) };
}
