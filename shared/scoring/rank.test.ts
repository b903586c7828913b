import { describe, expect, it } from 'vitest';
import { rankCounties, rankUnits } from './rank';

describe('rankUnits', () => {
  it('shares ranks on ties and skips the next (1, 1, 3), ties ordered by code', () => {
    const r = rankUnits([
      { code: '330300', S: 8500 },
      { code: '330200', S: 9050 },
      { code: '330100', S: 9050 },
      { code: '330400', S: 7000 },
    ]);
    expect(r.map((x) => [x.code, x.rank])).toEqual([
      ['330100', 1],
      ['330200', 1],
      ['330300', 3],
      ['330400', 4],
    ]);
  });
  it('handles an empty list', () => {
    expect(rankUnits([])).toEqual([]);
  });
});

describe('rankCounties', () => {
  it('ranks within the city and province-wide', () => {
    const r = rankCounties([
      { code: '330122', cityCode: '330100', S: 8000 },
      { code: '330127', cityCode: '330100', S: 9000 },
      { code: '330282', cityCode: '330200', S: 9000 },
      { code: '330281', cityCode: '330200', S: 7000 },
    ]);
    expect(r.map((x) => [x.code, x.provinceRank, x.cityRank])).toEqual([
      ['330127', 1, 1],
      ['330282', 1, 1],
      ['330122', 3, 2],
      ['330281', 4, 2],
    ]);
  });
});
