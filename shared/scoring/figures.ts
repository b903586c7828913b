import { fromDecimal, type Rational } from './rational';

/** A reported figure usable in arithmetic: finite and not negative. */
export type Figure = { ok: true; value: Rational } | { ok: false; why: 'missing' | 'invalid' };

/** Whether a reported figure can enter a score, without computing with it. */
export function figureState(x: number | null | undefined): 'ok' | 'missing' | 'invalid' {
  if (x === null || x === undefined) return 'missing';
  return Number.isFinite(x) && x >= 0 ? 'ok' : 'invalid';
}

export function figure(x: number | null | undefined): Figure {
  const state = figureState(x);
  return state === 'ok' ? { ok: true, value: fromDecimal(x as number) } : { ok: false, why: state };
}
