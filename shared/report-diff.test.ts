import { describe, expect, it } from 'vitest';
import { diffValues } from './report-diff';

describe('diffValues', () => {
  it('lists changed fields per indicator, ignoring empty vs missing', () => {
    expect(
      diffValues(
        { 'HS-01': { numerator: 10, denominator: 20 }, 'CAT-03': { yes: true, evidenceUrl: 'https://a.gov.cn/x' }, 'MC-03': { note: '' } },
        { 'HS-01': { numerator: 12, denominator: 20 }, 'CAT-03': { yes: true, evidenceUrl: 'https://a.gov.cn/x' }, 'MC-04': { count: 2 } },
      ),
    ).toEqual([
      { indicator: 'HS-01', fields: ['numerator'] },
      { indicator: 'MC-04', fields: ['count'] },
    ]);
  });
  it('is empty for identical versions', () => {
    expect(diffValues({ a: { count: 1 } }, { a: { count: 1 } })).toEqual([]);
  });
});
