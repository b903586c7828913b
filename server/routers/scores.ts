import { z } from 'zod';
import { AdjustInput, DEFAULT_COUNTY_PAGE, ManualScoreInput, MAX_COUNTY_PAGE, PublishInput, RankingInput, Reason, UnitScoreInput } from '../../shared/reports';
import type { SessionUser } from '../auth/sessions';
import { NotFound } from '../errors';
import { actorOf } from '../services/audit';
import { addAdjustment, listAdjustments, removeAdjustment, setManualScore } from '../services/scoring-inputs';
import type { ScoreRun } from '../services/scores';
import { storedScores } from '../services/derived/stored-scores';
import { listPublications, publishRanking, readPublication, readPublishedRanking, redactRun } from '../services/publication';
import { assertUnitAccess, hasCapability, requireCapability, seesDraftScores } from '../access';
import { businessProcedure, officeProcedure, router } from '../trpc';

/** Which counties an answer carries and how many there are (the whole list, filtered to `cityCode`). */
export interface CountyPage {
  cityCode: string | null;
  offset: number;
  limit: number;
  total: number;
}

/**
 * A ranking sized for its screen: every city, the divisions, and one page of the counties — by
 * default the caller's own (a city bureau its counties), for the office and leaders the first page
 * (docs/performance.md: a national answer with every county was 967 KB). No per-unit explanations:
 * the unit page asks `scores.unit` for those.
 */
function rankingOnly(run: ScoreRun, user: SessionUser, page: RankingInput['counties']): Omit<ScoreRun, 'units'> & { countyPage: CountyPage } {
  const { units: _units, counties, ...rest } = run;
  const cityCode = page ? (page.cityCode ?? null) : user.unitLevel === 'city' ? user.unitCode : null;
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? (cityCode ? MAX_COUNTY_PAGE : DEFAULT_COUNTY_PAGE);
  const listed = cityCode ? counties.filter((c) => c.cityCode === cityCode) : counties;
  return { ...rest, counties: listed.slice(offset, offset + limit), countyPage: { cityCode, offset, limit, total: listed.length } };
}

/** A ranking row with its ranks taken out (null), for accounts that may not see unpublished ranks. */
function withoutRank<T extends { rank: number; cityRank?: number }>(row: T): Omit<T, 'rank' | 'cityRank'> & { rank: null; cityRank?: null } {
  return 'cityRank' in row ? { ...row, rank: null, cityRank: null } : { ...row, rank: null };
}

/**
 * A quarter's progress view, the fourth quarter included (its figures are the annual report's, but
 * until publication they are progress, not the assessment): no grades, since grades belong to the
 * annual assessment (方案: 等级按年度考核得分评定).
 */
function asProgress<R extends { grade: string | null }, T extends { kind: ScoreRun['kind']; cities: R[]; counties: (R & { cityCode: string })[] }>(run: T): T {
  return {
    ...run,
    kind: 'progress',
    cities: run.cities.map((c) => ({ ...c, grade: null })),
    counties: run.counties.map((c) => ({ ...c, grade: null })),
  };
}

export const scoresRouter = router({
  /**
   * The ranking of a year. Annual: the office sees the live draft (or a published version); everyone
   * else the latest published version. With `periodCode`: a progress view, office and leaders only.
   */
  ranking: businessProcedure.input(RankingInput).query(({ ctx, input }) => {
    const publications = listPublications(ctx.db, input.year);
    if (input.periodCode) {
      requireCapability(ctx.user, 'unpublishedRanks');
      const run = storedScores(ctx.db, ctx.units, { year: input.year, periodCode: input.periodCode, basis: input.basis });
      return { status: 'progress' as const, publication: null, publications, run: asProgress(rankingOnly(run, ctx.user, input.counties)) };
    }
    if (seesDraftScores(ctx.user) && !input.version) {
      return { status: 'draft' as const, publication: null, publications, run: rankingOnly(storedScores(ctx.db, ctx.units, { year: input.year }), ctx.user, input.counties) };
    }
    const pub = readPublishedRanking(ctx.db, input.year, input.version);
    if (!pub) {
      if (input.version) throw new NotFound(`${input.year} 年度排名第 ${input.version} 版不存在`);
      return { status: 'unpublished' as const, publication: null, publications, run: null };
    }
    return { status: 'published' as const, publication: pub.publication, publications, run: rankingOnly(redactRun(pub.run, ctx.user), ctx.user, input.counties) };
  }),

  /** One unit's scores with every indicator's explanation. */
  unit: businessProcedure.input(UnitScoreInput).query(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'read');
    const live = input.periodCode || (seesDraftScores(ctx.user) && !input.version);
    let run;
    let status: 'draft' | 'progress' | 'published';
    let publication = null;
    if (live) {
      run = storedScores(ctx.db, ctx.units, input.periodCode ? input : { year: input.year }, { details: [unit.code] });
      status = input.periodCode ? 'progress' : 'draft';
    } else {
      const pub = readPublication(ctx.db, input.year, input.version);
      if (!pub) throw new NotFound(`${input.year} 年度考核结果尚未发布`);
      run = pub.run;
      publication = pub.publication;
      status = 'published';
    }
    if (input.periodCode) run = asProgress(run);
    const found = run.units[unit.code];
    if (!found) throw new NotFound(`${unit.name}不参加 ${input.year} 年度考核`);
    const score = input.periodCode ? { ...found, grade: null } : found;
    // Progress ranks are unpublished: office and leaders only; a bureau sees the points without ranks.
    const ranked = !input.periodCode || hasCapability(ctx.user, 'unpublishedRanks');
    const cityRow = run.cities.find((c) => c.code === unit.code);
    const countyRow = run.counties.find((c) => c.code === unit.code);
    const ranking = ranked ? (cityRow ?? countyRow ?? null) : cityRow ? withoutRank(cityRow) : countyRow ? withoutRank(countyRow) : null;
    const counties = unit.level === 'city' ? run.counties.filter((c) => c.cityCode === unit.code) : [];
    const children = ranked ? counties : counties.map(withoutRank);
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
      ranking,
      children,
    };
  }),

  /** The office publishes the year's ranking: a stored snapshot; republishing needs a reason. */
  publish: officeProcedure.input(PublishInput).mutation(({ ctx, input }) =>
    publishRanking(ctx.db, ctx.units, actorOf(ctx), ctx.user, ctx.now(), input.year, input.reason),
  ),

  publications: businessProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) => listPublications(ctx.db, input.year)),

  /** Office adjustments of a year, with reasons. */
  adjustments: officeProcedure.input(z.strictObject({ year: z.number().int() })).query(({ ctx, input }) => listAdjustments(ctx.db, input.year)),

  /** ± points on a unit's year, with a reason; audited. */
  adjust: officeProcedure.input(AdjustInput).mutation(({ ctx, input }) =>
    addAdjustment(ctx.db, ctx.units, actorOf(ctx), ctx.now(), assertUnitAccess(ctx, input.unitCode, 'review'), input),
  ),

  /** Withdraws an adjustment, with a reason (kept in the audit log). */
  removeAdjustment: officeProcedure
    .input(z.strictObject({ id: z.number().int().positive(), reason: Reason }))
    .mutation(({ ctx, input }) => removeAdjustment(ctx.db, ctx.units, actorOf(ctx), ctx.now(), input)),

  /** The office's (reviewer's) score for a `manual` indicator of a unit's year, with a written reason. */
  setManualScore: officeProcedure.input(ManualScoreInput).mutation(({ ctx, input }) =>
    setManualScore(ctx.db, ctx.units, actorOf(ctx), ctx.now(), assertUnitAccess(ctx, input.unitCode, 'review'), input),
  ),
});
