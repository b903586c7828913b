import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { adjustments, manualScores, orgUnits } from '../../db/schema';
import { readScheme } from '../../db/repo/schemes';
import { effectiveRule } from '../../shared/scheme';
import { AdjustInput, ManualScoreInput, PublishInput, Reason, ScoreViewInput, UnitScoreInput } from '../../shared/reports';
import { Invalid, NotFound } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { cachedScores, type ScoreRun } from '../services/scores';
import { listPublications, publishRanking, readPublication, redactRun } from '../services/publication';
import { assertUnitAccess, requireCapability, seesDraftScores } from '../access';
import { businessProcedure, officeProcedure, router } from '../trpc';

/**
 * A ranking without the per-unit indicator explanations (the unit page asks `scores.unit` for
 * those): at national scale they are most of a 17 MB answer (docs/performance.md).
 */
function rankingOnly(run: ScoreRun): Omit<ScoreRun, 'units'> {
  const { units: _units, ...rest } = run;
  return rest;
}

export const scoresRouter = router({
  /**
   * The ranking of a year. Annual: the office sees the live draft (or a published version); everyone
   * else the latest published version. With `periodCode`: a progress view, office and leaders only.
   */
  ranking: businessProcedure.input(ScoreViewInput).query(({ ctx, input }) => {
    const publications = listPublications(ctx.db, input.year);
    if (input.periodCode) {
      requireCapability(ctx.user, 'unpublishedRanks');
      const run = cachedScores(ctx.db, ctx.units, input);
      return { status: 'progress' as const, publication: null, publications, run: rankingOnly(run) };
    }
    if (seesDraftScores(ctx.user) && !input.version) {
      return { status: 'draft' as const, publication: null, publications, run: rankingOnly(cachedScores(ctx.db, ctx.units, { year: input.year })) };
    }
    const pub = readPublication(ctx.db, input.year, input.version);
    if (!pub) {
      if (input.version) throw new NotFound(`${input.year} 年度排名第 ${input.version} 版不存在`);
      return { status: 'unpublished' as const, publication: null, publications, run: null };
    }
    return { status: 'published' as const, publication: pub.publication, publications, run: rankingOnly(redactRun(pub.run, ctx.user)) };
  }),

  /** One unit's scores with every indicator's explanation. */
  unit: businessProcedure.input(UnitScoreInput).query(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'read');
    const live = input.periodCode || (seesDraftScores(ctx.user) && !input.version);
    let run;
    let status: 'draft' | 'progress' | 'published';
    let publication = null;
    if (live) {
      run = cachedScores(ctx.db, ctx.units, input.periodCode ? input : { year: input.year });
      status = input.periodCode ? 'progress' : 'draft';
    } else {
      const pub = readPublication(ctx.db, input.year, input.version);
      if (!pub) throw new NotFound(`${input.year} 年度考核结果尚未发布`);
      run = pub.run;
      publication = pub.publication;
      status = 'published';
    }
    const score = run.units[unit.code];
    if (!score) throw new NotFound(`${unit.name}不参加 ${input.year} 年度考核`);
    const cityRow = run.cities.find((c) => c.code === unit.code) ?? null;
    const countyRow = run.counties.find((c) => c.code === unit.code) ?? null;
    const children = unit.level === 'city' ? run.counties.filter((c) => c.cityCode === unit.code) : [];
    return {
      status,
      publication,
      year: run.year,
      kind: run.kind,
      basis: run.basis,
      period: run.period,
      asOf: run.asOf,
      groups: run.groups,
      disclosureWeight: run.disclosureWeight,
      unit,
      score,
      ranking: cityRow ?? countyRow,
      children,
    };
  }),

  /** The office publishes the year's ranking: a stored snapshot; republishing needs a reason. */
  publish: officeProcedure.input(PublishInput).mutation(({ ctx, input }) =>
    publishRanking(ctx.db, ctx.units, actorOf(ctx), ctx.user, ctx.now(), input.year, input.reason),
  ),

  publications: businessProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) => listPublications(ctx.db, input.year)),

  /** Office adjustments of a year, with reasons. */
  adjustments: officeProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) =>
    ctx.db
      .select({ id: adjustments.id, unitCode: adjustments.unitCode, unitName: orgUnits.name, cents: adjustments.cents, reason: adjustments.reason, at: adjustments.at })
      .from(adjustments)
      .innerJoin(orgUnits, eq(orgUnits.code, adjustments.unitCode))
      .where(eq(adjustments.year, input.year))
      .all(),
  ),

  /** ± points on a unit's year, with a reason; audited. */
  adjust: officeProcedure.input(AdjustInput).mutation(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'review');
    if (unit.level === 'province') throw new Invalid('省级单位不参加考核', [{ path: 'unitCode', message: '省级单位不参加考核' }]);
    const now = ctx.now();
    return ctx.db.transaction((tx) => {
      const row = tx
        .insert(adjustments)
        .values({ year: input.year, unitCode: unit.code, cents: Math.round(input.points * 100), reason: input.reason, accountId: ctx.user.accountId, at: now.toISOString() })
        .returning()
        .get();
      writeAudit(tx, actorOf(ctx), now, { action: 'scores.adjust', entity: 'adjustment', entityId: row.id, unitCode: unit.code, after: row });
      return row;
    });
  }),

  /** Withdraws an adjustment, with a reason (kept in the audit log). */
  removeAdjustment: officeProcedure.input(z.strictObject({ id: z.number().int().positive(), reason: Reason })).mutation(({ ctx, input }) => {
    const row = ctx.db.select().from(adjustments).where(eq(adjustments.id, input.id)).get();
    if (!row) throw new NotFound('调整记录不存在');
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      tx.delete(adjustments).where(eq(adjustments.id, row.id)).run();
      writeAudit(tx, actorOf(ctx), now, { action: 'scores.removeAdjustment', entity: 'adjustment', entityId: row.id, unitCode: row.unitCode, before: row, after: { reason: input.reason } });
    });
    return { ok: true as const };
  }),

  /** The office's (reviewer's) score for a `manual` indicator of a unit's year, with a written reason. */
  setManualScore: officeProcedure.input(ManualScoreInput).mutation(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'review');
    const level = unit.level === 'city' || unit.level === 'county' ? unit.level : null;
    const stored = readScheme(ctx.db, input.year);
    if (!stored) throw new NotFound(`${input.year} 年度考核方案不存在`);
    const ind = stored.scheme.indicators.find((i) => i.code === input.indicatorCode);
    const points = ind && level ? ind.points[level] : undefined;
    if (!ind || !level || points === undefined || effectiveRule(ind, level).rule !== 'manual') {
      throw new Invalid(`${input.indicatorCode} 不是${unit.name}适用的人工评分指标`, [{ path: 'indicatorCode', message: '不是人工评分指标' }]);
    }
    if (input.points > points) {
      throw new Invalid(`评分不能超过该指标的分值 ${points} 分`, [{ path: 'points', message: `不能超过 ${points} 分` }]);
    }
    const now = ctx.now();
    return ctx.db.transaction((tx) => {
      const where = and(eq(manualScores.year, input.year), eq(manualScores.unitCode, unit.code), eq(manualScores.indicatorCode, ind.code));
      const before = tx.select().from(manualScores).where(where).get() ?? null;
      const values = { cents: Math.round(input.points * 100), reason: input.reason, accountId: ctx.user.accountId, at: now.toISOString() };
      const after = before
        ? tx.update(manualScores).set(values).where(eq(manualScores.id, before.id)).returning().get()
        : tx.insert(manualScores).values({ year: input.year, unitCode: unit.code, indicatorCode: ind.code, ...values }).returning().get();
      writeAudit(tx, actorOf(ctx), now, { action: 'scores.setManualScore', entity: 'manual_score', entityId: after.id, unitCode: unit.code, before, after });
      return after;
    });
  }),
});
