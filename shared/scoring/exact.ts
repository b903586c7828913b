import type { Cents } from './cents';
import { centsOf } from './cents';
import { cmp, div, fromDecimal, min, mul, ONE, rat, sub, ZERO, type Rational } from './rational';

/**
 * The score arithmetic of every rule, exact, in plain numbers.
 *
 * A decimal as people type it (8, 2.5, 0.335) is m / 10^k with m an integer. While every
 * integer of a computation stays below 2^52, doubles hold it exactly, so the score is computed
 * without BigInt and without allocating. When a figure has more than 6 decimals, is ≥ 10^9, or an
 * intermediate would pass 2^52, the same formula runs on the BigInt rationals of `rational.ts`,
 * whose meaning these functions share: the result is always the exact value rounded half-up to the
 * cent (`exact.test.ts` checks both paths against each other over random and edge inputs).
 *
 * At national scale the rankings score ~80,000 indicators from scratch; this keeps that to well
 * under a microsecond each.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_PLACES = 6;
/** Integers below this stay exact through one more addition or a product check. */
const LIMIT = 2 ** 52;
const MAX_FIGURE = 1e9;

/**
 * Decimal places of x as JavaScript prints it (0.335 → 3, 12 → 0), or −1 when the fast path does
 * not take it (more than 6 places, |x| ≥ 10^9, not finite).
 */
export function placesOf(x: number): number {
  if (!(Math.abs(x) < MAX_FIGURE)) return Number.isInteger(x) && Math.abs(x) < LIMIT ? 0 : -1;
  if (Number.isInteger(x)) return 0;
  for (let k = 1; k <= MAX_PLACES; k++) {
    // Below 10^9 two decimals of ≤ 6 places differ by more than a double's spacing, so the
    // nearest k-place decimal is the one printed when it rounds back to x.
    if (Math.round(x * POW10[k]) / POW10[k] === x) return k;
  }
  return -1;
}

/** The integer m of x = m / 10^k. */
function scaled(x: number, k: number): number {
  return k === 0 ? x : Math.round(x * POW10[k]);
}

/** round(num / den), halves away from zero; num, den integers with |num|, den < 2^52, den > 0. */
function roundDiv(num: number, den: number): number {
  const neg = num < 0;
  const a = neg ? -num : num;
  let q = Math.floor(a / den);
  let r = a - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  if (2 * r >= den) q += 1;
  // `+ 0` turns a −0 (0 × a negative weight) into 0, as the rationals give.
  return (neg ? -q : q) + 0;
}

const safe = (x: number) => x < LIMIT && x > -LIMIT;

/** A number of points (8, 2.5, −1.005) as cents, rounded half-up. */
export function pointsCents(points: number): Cents {
  const k = placesOf(points);
  if (k >= 0) {
    const m = scaled(points, k);
    const top = m * 100;
    if (safe(top)) return k <= 2 ? top / POW10[k] + 0 : roundDiv(top, POW10[k]);
  }
  return centsOf(fromDecimal(points));
}

/**
 * points × min(1, (a / b) / target), rounded half-up to the cent: the ratio, count, share and
 * due-item rules. a ≥ 0, b > 0 and target > 0.
 */
export function cappedCents(points: number, a: number, b: number, target: number): Cents {
  const i = placesOf(points);
  const j = placesOf(a);
  const l = placesOf(b);
  const u = placesOf(target);
  if (i >= 0 && j >= 0 && l >= 0 && u >= 0) {
    // (a / b) / target = ma·10^(l+u) / (10^j · mb · t)
    const top = scaled(a, j) * POW10[l + u];
    const bottom = POW10[j] * scaled(b, l) * scaled(target, u);
    if (safe(top) && safe(bottom)) {
      if (top >= bottom) return pointsCents(points);
      const p = scaled(points, i);
      const num = 100 * p * top;
      const den = POW10[i] * bottom;
      if (safe(num) && safe(den)) return roundDiv(num, den);
    }
  }
  return cappedCentsOf(fromDecimal(points), fromDecimal(a), fromDecimal(b), fromDecimal(target));
}

/** `cappedCents` on rationals: the formula itself, for sums the fast path cannot carry. */
export function cappedCentsOf(points: Rational, a: Rational, b: Rational, target: Rational): Cents {
  return centsOf(mul(points, min(ONE, div(div(a, b), target))));
}

/** max(0, points − months × perMonth), rounded half-up to the cent: the deadline rule's deduction. */
export function deductedCents(points: number, months: number, perMonth: number): Cents {
  const i = placesOf(points);
  const j = placesOf(perMonth);
  if (i >= 0 && j >= 0 && Number.isSafeInteger(months)) {
    const s = Math.max(i, j);
    const left = scaled(points, i) * POW10[s - i];
    const right = months * scaled(perMonth, j) * POW10[s - j];
    if (safe(left) && safe(right)) {
      const rest = left - right;
      if (rest < 0) return 0;
      const top = rest * 100;
      if (safe(top)) return roundDiv(top, POW10[s]);
    }
  }
  const raw = sub(fromDecimal(points), mul(rat(months), fromDecimal(perMonth)));
  return cmp(raw, ZERO) < 0 ? 0 : centsOf(raw);
}

/** S (cents) × weight (a decimal share, 0.04), rounded half-up to the cent: a unit's contribution. */
export function weightedCents(S: Cents, weight: number): Cents {
  const k = placesOf(weight);
  if (k >= 0 && Number.isSafeInteger(S)) {
    const top = S * scaled(weight, k);
    if (safe(top)) return roundDiv(top, POW10[k]);
  }
  return centsOf(mul(rat(BigInt(S), 100n), fromDecimal(weight)));
}

/** A number of points (a grade's threshold, 90; an indicator's full points) against cents, exactly: −1, 0 or 1. */
export function comparePoints(points: number, cents: Cents): -1 | 0 | 1 {
  const k = placesOf(points);
  if (k >= 0 && Number.isSafeInteger(cents)) {
    const left = scaled(points, k) * 100;
    const right = cents * POW10[k];
    if (safe(left) && safe(right)) return left < right ? -1 : left > right ? 1 : 0;
  }
  return cmp(fromDecimal(points), rat(BigInt(cents), 100n));
}

/**
 * The exact sum of decimals, as the double that prints as it, or null when the fast path cannot
 * carry it (the caller then sums rationals).
 */
export function decimalSum(xs: readonly number[]): number | null {
  let k = 0;
  for (const x of xs) {
    const p = placesOf(x);
    if (p < 0) return null;
    if (p > k) k = p;
  }
  let total = 0;
  for (const x of xs) {
    total += scaled(x, placesOf(x)) * POW10[k - placesOf(x)];
    if (!safe(total)) return null;
  }
  // total / 10^k divides two exact doubles, so `out` is the double nearest the exact sum, and
  // below 10^9 with ≤ 6 places it prints as that sum.
  const out = total / POW10[k];
  return Math.abs(out) < MAX_FIGURE ? out : null;
}
