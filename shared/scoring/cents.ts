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
