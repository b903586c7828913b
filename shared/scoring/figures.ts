import { fromDecimal, type Rational } from './rational';

/** A reported figure usable in arithmetic: finite and not negative. */
export type Figure = { ok: true; value: Rational } | { ok: false; why: 'missing' | 'invalid' };

export function figure(x: number | null | undefined): Figure {
  if (x === null || x === undefined) return { ok: false, why: 'missing' };
  if (!Number.isFinite(x) || x < 0) return { ok: false, why: 'invalid' };
  return { ok: true, value: fromDecimal(x) };
}
