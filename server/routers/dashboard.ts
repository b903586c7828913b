import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { PeriodCode } from '../../shared/reports';
import { UnitCode } from '../../shared/org';
import { assertUnitAccess, homeScope } from '../access';
import { Forbidden } from '../errors';
import { overview, topics, type DashboardScope } from '../services/dashboard';
import { businessProcedure, router } from '../trpc';
import type { Context } from '../context';
import type { SessionUser } from '../auth/sessions';

export const DashboardInput = z.object({
  /** Omitted: the year of the period current on the app clock's day. */
  year: z.number().int().min(2000).max(2100).optional(),
  /** Omitted: the period current on the app clock's day. */
  periodCode: PeriodCode.optional(),
  /** A city to narrow the view to (office and leaders); a city bureau may pass only its own. */
  cityCode: UnitCode.optional(),
});
/** The whole input may be left out (GET /trpc/dashboard.overview): the current period of the account's scope. */
const DashboardInputOrNone = DashboardInput.optional();

type ScopeCtx = Pick<Context, 'units'> & { user: SessionUser };

/**
 * Whose data the account sees: office and leaders the province (or one city they choose); a city
 * bureau its city and counties; a county bureau itself. Any other city is FORBIDDEN.
 */
export function dashboardScope(ctx: ScopeCtx, cityCode: string | undefined): DashboardScope {
  const { user } = ctx;
  const home = homeScope(user);
  if (!home) throw new Forbidden('无权查看各单位的数据');
  if (cityCode && (home.level === 'province' || cityCode !== home.code)) {
    const unit = assertUnitAccess(ctx, cityCode, 'read');
    if (unit.level !== 'city') {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `${unit.name}不是设区市，cityCode 应为设区市代码` });
    }
    if (home.level !== 'province') throw new Forbidden('无权查看该范围的数据');
  }
  if (home.level === 'province') {
    if (!cityCode) return { level: 'province', code: null, label: '全省' };
    const city = ctx.units.get(cityCode)!;
    return { level: 'city', code: city.code, label: `${city.name}及所辖县(市、区)` };
  }
  if (home.level === 'city') return { level: 'city', code: home.code, label: `${user.unitName}及所辖县(市、区)` };
  return { level: 'county', code: home.code, label: user.unitName };
}

/** Cities the account may pick in the city filter (office and leaders: all; a city bureau: its own). */
function cityOptions(ctx: ScopeCtx): { code: string; name: string }[] {
  const home = homeScope(ctx.user);
  if (!home || home.level === 'county') return [];
  return ctx.units
    .all()
    .filter((u) => u.level === 'city' && !u.validTo && (home.level === 'province' || u.code === home.code))
    .map((u) => ({ code: u.code, name: u.name }));
}

export const dashboardRouter = router({
  /** 全省总览: KPIs, catalogue countdown, completion rates, progress series, per-unit rows — one response. */
  overview: businessProcedure.input(DashboardInputOrNone).query(({ ctx, input = {} }) => ({
    ...overview(ctx.db, ctx.units, { year: input.year, periodCode: input.periodCode, scope: dashboardScope(ctx, input.cityCode) }, ctx.now()),
    cityOptions: cityOptions(ctx),
  })),

  /** 专项: shantytown and rural-housing by city with counties, fund evaluations, sector-disclosure matrix. */
  topics: businessProcedure.input(DashboardInputOrNone).query(({ ctx, input = {} }) => ({
    ...topics(ctx.db, ctx.units, { year: input.year, periodCode: input.periodCode, scope: dashboardScope(ctx, input.cityCode) }, ctx.now()),
    cityOptions: cityOptions(ctx),
  })),
});
