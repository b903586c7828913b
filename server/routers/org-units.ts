import { OrgUnitsListInput, UnitCode } from '../../shared/org';
import { assertUnitAccess } from '../access';
import { authedProcedure, router } from '../trpc';
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
});
