import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { divisionDuties, orgUnits } from '../../db/schema';
import { DivisionCode } from '../../shared/ledger';
import { IsoDate } from '../../shared/scheme';
import { Conflict, Invalid, NotFound } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { businessProcedure, officeProcedure, router } from '../trpc';

export const DivisionInput = z.strictObject({
  code: DivisionCode,
  name: z.string().trim().min(2, '处室名称至少 2 个字').max(30),
  duties: z.string().trim().min(2, '请填写职责分工').max(1000),
});

export const divisionsRouter = router({
  /** The department's divisions (处室) with their duties under the plan, including retired ones. */
  list: businessProcedure.query(({ ctx }) => {
    const duties = new Map(ctx.db.select().from(divisionDuties).all().map((d) => [d.unitCode, d.duties]));
    return ctx.units
      .all()
      .filter((u) => u.level === 'division')
      .map((u) => ({ code: u.code, name: u.name, duties: duties.get(u.code) ?? '', validFrom: u.validFrom, validTo: u.validTo }));
  }),

  /** Adds a division or renames it / changes its duties (audited). */
  save: officeProcedure.input(DivisionInput).mutation(({ ctx, input }) => {
    const existing = ctx.units.get(input.code);
    if (existing && existing.level !== 'division') throw new Conflict(`代码 ${input.code} 已被${existing.name}使用`);
    const province = ctx.units.all().find((u) => u.level === 'province');
    if (!province) throw new NotFound('尚未导入省级单位');
    const clash = ctx.units.all().find((u) => u.level === 'division' && u.name === input.name && u.code !== input.code && !u.validTo);
    if (clash) throw new Invalid(`处室名称“${input.name}”已被 ${clash.code} 使用`, [{ path: 'name', message: '处室名称重复' }]);
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      const before = existing
        ? { code: existing.code, name: existing.name, duties: tx.select().from(divisionDuties).where(eq(divisionDuties.unitCode, input.code)).get()?.duties ?? null }
        : null;
      if (existing) tx.update(orgUnits).set({ name: input.name }).where(eq(orgUnits.code, input.code)).run();
      else tx.insert(orgUnits).values({ code: input.code, name: input.name, level: 'division', kind: 'division', parentCode: province.code }).run();
      tx.insert(divisionDuties).values({ unitCode: input.code, duties: input.duties }).onConflictDoUpdate({ target: divisionDuties.unitCode, set: { duties: input.duties } }).run();
      writeAudit(tx, actorOf(ctx), now, { action: existing ? 'division.update' : 'division.create', entity: 'org_unit', entityId: input.code, unitCode: input.code, before, after: input });
    });
    ctx.units.reload();
    return { code: input.code };
  }),

  /** Retires a division from a day on (it keeps its history); null brings it back. */
  retire: officeProcedure.input(z.strictObject({ code: DivisionCode, validTo: IsoDate.nullable() })).mutation(({ ctx, input }) => {
    const unit = ctx.units.get(input.code);
    if (!unit || unit.level !== 'division') throw new NotFound(`处室 ${input.code} 不存在`);
    ctx.db.transaction((tx) => {
      tx.update(orgUnits).set({ validTo: input.validTo }).where(eq(orgUnits.code, input.code)).run();
      writeAudit(tx, actorOf(ctx), ctx.now(), { action: 'division.retire', entity: 'org_unit', entityId: input.code, unitCode: input.code, before: { validTo: unit.validTo }, after: { validTo: input.validTo } });
    });
    ctx.units.reload();
    return { code: input.code, validTo: input.validTo };
  }),
});
