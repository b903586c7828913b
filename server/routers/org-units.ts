import { OrgUnitsListInput, UnitCode } from '../../shared/org';
import { assertUnitAccess } from '../access';
import { authedProcedure, router, sysadminProcedure } from '../trpc';
import { closeUnit } from '../services/accounts';
import { actorOf } from '../services/audit';
import { isIsoDate } from '../../shared/dates';
import { z } from 'zod';

export const orgUnitsRouter = router({
  /** All org units (province, cities, counties) with official codes; filters optional. */
  list: authedProcedure.input(OrgUnitsListInput).query(({ ctx, input }) => {
    let units = input?.asOf ? ctx.units.existingOn(input.asOf) : ctx.units.all();
    if (input?.level) units = units.filter((u) => u.level === input.level);
    if (input?.parentCode) units = units.filter((u) => u.parentCode === input.parentCode);
    if (input?.search) {
      const q = input.search;
      units = units.filter((u) => u.name.includes(q) || u.code.startsWith(q));
    }
    return units;
  }),

  /** One unit with its parent and children. */
  get: authedProcedure.input(z.strictObject({ code: UnitCode })).query(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.code, 'org');
    return {
      unit,
      parent: unit.parentCode ? (ctx.units.get(unit.parentCode) ?? null) : null,
      children: ctx.units.childrenOf(unit.code),
    };
  }),

  /** Closes (撤销) a unit from a day on; its accounts are disabled and signed out (系统管理员). */
  close: sysadminProcedure
    .input(
      z.strictObject({
        code: UnitCode,
        validTo: z.string().refine(isIsoDate, '撤销日期应为有效日期，如 2019-12-31'),
        reason: z.string().trim().min(1, '请填写撤销原因').max(200, '原因不能超过 200 字'),
      }),
    )
    .mutation(({ ctx, input }) => closeUnit({ db: ctx.db, units: ctx.units, user: ctx.user, actor: actorOf(ctx), now: ctx.now() }, input.code, input.validTo, input.reason)),
});
