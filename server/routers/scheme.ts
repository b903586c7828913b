import { z } from 'zod';
import type { Scheme } from '../../shared/scheme';
import { actorOf } from '../services/audit';
import { copyScheme, getScheme, saveScheme, schemeYears } from '../services/schemes';
import { businessProcedure, officeProcedure, router } from '../trpc';

const Year = z.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间');

/**
 * The scheme itself is checked by `validateScheme` in the service, so every problem comes back at once
 * with its path and a Chinese message; here it only has to be an object (typed for the client).
 */
const SchemeInput = z.custom<Scheme>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), '考核方案应为对象');

export const SchemeSaveInput = z.object({
  year: Year,
  /** The version the editor loaded; a different stored version means someone saved meanwhile (409). */
  version: z.number().int().positive(),
  scheme: SchemeInput,
});

export const SchemeCopyInput = z.object({ fromYear: Year, toYear: Year });

export const schemeRouter = router({
  /** Every assessment year with a scheme: title, version, frozen. */
  years: businessProcedure.query(({ ctx }) => schemeYears(ctx.db)),

  /** The full scheme of a year, its version and whether it is frozen, plus report counts that limit edits. */
  get: businessProcedure.input(z.object({ year: Year })).query(({ ctx, input }) => getScheme(ctx.db, input.year)),

  /** The office saves its edit of a year's scheme (optimistic: `version` is the one loaded). */
  save: officeProcedure.input(SchemeSaveInput).mutation(({ ctx, input }) => saveScheme(ctx.db, ctx.units, actorOf(ctx), ctx.now(), input)),

  /** The office starts a new year from an existing one: dates moved by the year difference, not frozen, version 1. */
  copy: officeProcedure.input(SchemeCopyInput).mutation(({ ctx, input }) => copyScheme(ctx.db, ctx.units, actorOf(ctx), ctx.now(), input)),
});
