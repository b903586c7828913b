import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsOf } from './cents';
import { cappedCents, decimalSum, deductedCents, placesOf, comparePoints, pointsCents, weightedCents } from './exact';
import { add, cmp, div, fromDecimal, min, mul, ONE, rat, sub, ZERO } from './rational';

/**
 * The fast path of the score arithmetic must give exactly what the BigInt rationals give, for every
 * input: small and large figures, 0–8 decimals, values whose doubles are inexact (0.1 + 0.2),
 * and halves that round up (1.005).
 */
const decimal = (maxPlaces: number, max: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxPlaces }), fc.double({ min: 0, max, noNaN: true })).map(([k, x]) => Number((Math.round(x * 10 ** k) / 10 ** k).toFixed(k)));
const figure = fc.oneof(
  decimal(2, 10_000),
  decimal(4, 1_000),
  decimal(8, 10),
  fc.constantFrom(0, 1, 0.1 + 0.2, 1.005, 2.675, 1e-7, 999_999_999.5, 1e9, 1e12, 2 ** 53 - 1, 123_456_789.123456),
);
const positive = figure.filter((x) => x > 0);
const points = fc.oneof(decimal(2, 100), decimal(3, 30), fc.constantFrom(0, 8, 2.5, 1.005, 0.335, 33.333333));

/** What a function gives, or the message it throws (both paths refuse a score beyond the safe range alike). */
const outcome = (f: () => number) => {
  try {
    return f();
  } catch (e) {
    return (e as Error).message;
  }
};

const refCapped = (p: number, a: number, b: number, t: number) => centsOf(mul(fromDecimal(p), min(ONE, div(div(fromDecimal(a), fromDecimal(b)), fromDecimal(t)))));

describe('exact score arithmetic in plain numbers', () => {
  it('placesOf reads the decimal places JavaScript prints', () => {
    expect([12, 2.5, 0.335, 1.005, 0.1 + 0.2, 1e-7, 1e9, 123.456789].map(placesOf)).toEqual([0, 1, 3, 3, -1, -1, 0, 6]);
    fc.assert(
      fc.property(figure, (x) => {
        const k = placesOf(x);
        const text = String(x);
        const printed = /^\d+(?:\.(\d+))?$/.exec(text);
        if (k >= 0) expect(printed?.[1]?.length ?? 0).toBe(k);
      }),
    );
  });

  it('pointsCents = the points rounded half-up to the cent', () => {
    expect([8, 2.5, 1.005, 0.335, -1.005, 33.333333].map(pointsCents)).toEqual([800, 250, 101, 34, -101, 3333]);
    fc.assert(fc.property(fc.oneof(points, figure), (p) => {
          expect(outcome(() => pointsCents(p))).toBe(outcome(() => centsOf(fromDecimal(p))));
        }),
      { numRuns: 2000 },
    );
  });

  it('cappedCents = points × min(1, (a / b) / target), exactly', () => {
    expect(cappedCents(3, 67, 200, 1)).toBe(101); // 3 × 0.335 = 1.005 → 1.01
    expect(cappedCents(8, 0.1 + 0.2, 0.3, 1)).toBe(refCapped(8, 0.1 + 0.2, 0.3, 1));
    expect(cappedCents(10, 5, 4, 1)).toBe(1000);
    fc.assert(
      fc.property(points, figure, positive, fc.oneof(fc.constantFrom(1, 0.95, 0.9, 4), positive), (p, a, b, t) => {
        expect(outcome(() => cappedCents(p, a, b, t))).toBe(outcome(() => refCapped(p, a, b, t)));
      }),
      { numRuns: 5000 },
    );
  });

  it('deductedCents = max(0, points − months × perMonth), exactly', () => {
    expect(deductedCents(5, 2, 1.5)).toBe(200);
    expect(deductedCents(5, 4, 1.5)).toBe(0);
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 40 }), fc.oneof(decimal(3, 5), fc.constantFrom(0.335, 1e-7, 1.005)), (p, k, d) => {
        const raw = sub(fromDecimal(p), mul(rat(k), fromDecimal(d)));
        expect(deductedCents(p, k, d)).toBe(cmp(raw, ZERO) < 0 ? 0 : centsOf(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it('weightedCents and comparePoints agree with the rationals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 20_000 }), fc.oneof(decimal(4, 1), fc.constantFrom(0.04, 0.045, 0.1 + 0.2, 1e-7)), (S, w) => {
        expect(weightedCents(S, w)).toBe(centsOf(mul(rat(BigInt(S), 100n), fromDecimal(w))));
        expect(comparePoints(w * 100, S)).toBe(cmp(fromDecimal(w * 100), rat(BigInt(S), 100n)));
      }),
      { numRuns: 3000 },
    );
  });

  it('decimalSum is the exact sum, or null when the fast path cannot carry it', () => {
    expect(decimalSum([0.1, 0.2])).toBe(0.3);
    expect(decimalSum([1e-7])).toBeNull();
    fc.assert(
      fc.property(fc.array(figure, { maxLength: 12 }), (xs) => {
        const s = decimalSum(xs);
        if (s === null) return;
        expect(cmp(fromDecimal(s), xs.map(fromDecimal).reduce(add, ZERO))).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
});
