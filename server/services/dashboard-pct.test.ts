import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pct } from './dashboard';
import { rational, ratePercent } from '../../shared/scoring';

describe('pct', () => {
  it('takes the integer path for counts and cents and agrees with the exact rate to the tenth', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(300), fc.nat(2 ** 39)), fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 2 ** 39 })), (n, d) => {
        expect(pct(n, d)).toBe(ratePercent(rational.fromDecimal(n), rational.fromDecimal(d), 1));
      }),
      { numRuns: 3000 },
    );
    expect(pct(2, 3)).toBe(66.7);
    expect(pct(1, 8)).toBe(12.5);
    expect(pct(1, 2000)).toBe(0.1); // 0.05% rounds half-up
    expect(pct(0.1, 0.3)).toBe(33.3);
    expect(pct(1, 0)).toBeNull();
  });
});
