import { describe, expect, it } from 'vitest';
import { centsOf, toCents, toFixed2, toSigned2 } from './cents';
import { add, cmp, exactDecimal, fromDecimal, mul, rat, roundHalfUp } from './rational';

describe('exact arithmetic', () => {
  it('reads decimals as typed, not as binary doubles', () => {
    expect(fromDecimal(0.1)).toEqual({ n: 1n, d: 10n });
    expect(cmp(add(fromDecimal(0.1), fromDecimal(0.2)), fromDecimal(0.3))).toBe(0);
    expect(fromDecimal(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(fromDecimal(-2.5)).toEqual({ n: -5n, d: 2n });
  });

  it('rounds 3 × 67/200 = 1.005 half-up to 1.01 (floating point gives 1.00)', () => {
    expect(Math.round(((3 * 67) / 200) * 100)).toBe(100); // the float bug this avoids
    expect((1.005).toFixed(2)).toBe('1.00');
    const exact = mul(rat(3), rat(67, 200));
    expect(exactDecimal(exact, 6)).toBe('1.005');
    expect(centsOf(exact)).toBe(101);
    expect(toFixed2(centsOf(exact))).toBe('1.01');
  });

  it('rounds halves away from zero and everything else to nearest', () => {
    expect(roundHalfUp(rat(1, 200), 100n)).toBe(1n); // 0.005 → 0.01
    expect(roundHalfUp(rat(-1, 200), 100n)).toBe(-1n); // −0.005 → −0.01
    expect(roundHalfUp(rat(8, 3), 100n)).toBe(267n); // 2.6666… → 2.67
    expect(roundHalfUp(rat(1, 3), 100n)).toBe(33n);
    expect(toCents(1.005)).toBe(101);
    expect(toCents(-1.005)).toBe(-101);
    expect(toCents(8)).toBe(800);
  });

  it('formats cents', () => {
    expect(toFixed2(640)).toBe('6.40');
    expect(toFixed2(5)).toBe('0.05');
    expect(toFixed2(-5)).toBe('-0.05');
    expect(toFixed2(10000)).toBe('100.00');
    expect(toSigned2(700)).toBe('+7.00');
    expect(toSigned2(-250)).toBe('-2.50');
  });
});
