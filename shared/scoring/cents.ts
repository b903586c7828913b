import { fromDecimal, fixed, rat, roundHalfUp, type Rational } from './rational';

/**
 * Scores, points and S are carried as integer hundredths of a point ("cents"):
 * 6.40 points is 640. Integers add exactly and compare without float noise.
 */
export type Cents = number;

/** Exact value rounded half-up to 0.01, as cents. */
export function centsOf(a: Rational): Cents {
  const c = roundHalfUp(a, 100n);
  if (c > BigInt(Number.MAX_SAFE_INTEGER) || c < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('分值超出可表示范围');
  }
  return Number(c);
}

/** A decimal number of points (8, 2.5, −1.005) to cents, rounded half-up. */
export function toCents(points: number): Cents {
  return centsOf(fromDecimal(points));
}

/**
 * The exact cents of a number of points as typed (its decimal text: 10.05 → 1005, -3.5 → -350);
 * null when it has more than two decimals or is not finite. No float `× 100` rounding.
 */
export function exactCents(points: number): Cents | null {
  if (!Number.isFinite(points)) return null;
  const r = fromDecimal(points);
  if ((r.n * 100n) % r.d !== 0n) return null;
  const c = (r.n * 100n) / r.d;
  return c > BigInt(Number.MAX_SAFE_INTEGER) || c < -BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(c);
}

/** Cents back to an exact rational number of points. */
export function centsToRational(c: Cents): Rational {
  return rat(BigInt(c), 100n);
}

/** 640 → "6.40"; −5 → "-0.05". */
export function toFixed2(c: Cents): string {
  if (!Number.isSafeInteger(c)) throw new RangeError(`分值应为整数百分之一分: ${c}`);
  return fixed(BigInt(c), 2);
}

/** Signed form for adjustments: 700 → "+7.00", −250 → "-2.50". */
export function toSigned2(c: Cents): string {
  return c > 0 ? `+${toFixed2(c)}` : toFixed2(c);
}
