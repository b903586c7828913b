import { describe, expect, it } from 'vitest';
import { scoreRollup, type ChildReport } from './rule-rollup';
import { indicator } from './test-helpers';

const source = indicator({
  code: 'RH-01',
  rule: 'ratio',
  target: 1,
  fullWhenNone: true,
  value: { numerator: '已竣工户数', denominator: '年度任务户数', unit: '户' },
});
const rollup = { ...source, cityRule: { rule: 'rollup' as const, of: 'RH-01', mode: 'sum-ratio' as const } };
const asOf = '2019-03-01';

describe('sum-ratio rollup', () => {
  const children: ChildReport[] = [
    { code: '330122', name: '桐庐县', values: { 'RH-01': { numerator: 40, denominator: 50 } } },
    { code: '330127', name: '淳安县', values: null },
    { code: '330182', name: '建德市', values: { 'RH-01': { numerator: 5, denominator: 10 } } },
  ];

  it('sums numerators and denominators of counted children and names the one without a report', () => {
    // (40 + 5) / (50 + 10) = 45/60 = 75% → 7 × 0.75 = 5.25 (an average of rates would give 65%)
    const r = scoreRollup({ ind: rollup, points: 7, source, mode: 'sum-ratio', children, asOf });
    expect(r.score).toBe(525);
    expect(r.values).toEqual({ numerator: 45, denominator: 60 });
    expect(r.missingChildren).toEqual(['淳安县']);
    expect(r.explanation).toContain('已竣工户数合计 45 户 / 年度任务户数合计 60 户 = 75.00% → 7 × 0.75 = 5.25 分');
    expect(r.explanation).toContain('淳安县（无有效报告）');
    expect(r.children).toEqual([
      { unitCode: '330122', unitName: '桐庐县', numerator: 40, denominator: 50, counted: true },
      { unitCode: '330127', unitName: '淳安县', numerator: null, denominator: null, counted: false, reason: '无有效报告' },
      { unitCode: '330182', unitName: '建德市', numerator: 5, denominator: 10, counted: true },
    ]);
  });

  it('leaves out and names a reporting child that did not fill the indicator', () => {
    const r = scoreRollup({
      ind: rollup,
      points: 7,
      source,
      mode: 'sum-ratio',
      children: [...children, { code: '330111', name: '富阳区', values: {} }],
      asOf,
    });
    expect(r.score).toBe(525);
    expect(r.explanation).toContain('富阳区（未填报该项）');
  });

  it('scores 0 when no child report counts', () => {
    const r = scoreRollup({ ind: rollup, points: 7, source, mode: 'sum-ratio', children: [{ code: '1', name: '淳安县', values: null }], asOf });
    expect(r.score).toBe(0);
    expect(r.missingChildren).toEqual(['淳安县']);
  });

  it('a zero denominator sum follows the source fullWhenNone', () => {
    const zero: ChildReport[] = [
      { code: '1', name: '甲县', values: { 'RH-01': { numerator: 0, denominator: 0 } } },
      { code: '2', name: '乙县', values: { 'RH-01': { numerator: 0, denominator: 0 } } },
    ];
    expect(scoreRollup({ ind: rollup, points: 7, source, mode: 'sum-ratio', children: zero, asOf }).score).toBe(700);
    const strict = { ...source, fullWhenNone: false };
    expect(scoreRollup({ ind: rollup, points: 7, source: strict, mode: 'sum-ratio', children: zero, asOf }).score).toBe(0);
  });
});

describe('share-on-time rollup', () => {
  const cat01 = indicator({ code: 'CAT-01', rule: 'deadline', deadline: '2018-12-31', deductPerMonth: 2, value: { date: '目录编制完成日期' } });
  const cat02 = indicator({ code: 'CAT-02', rule: 'rollup', of: 'CAT-01', mode: 'share-on-time' });
  const children: ChildReport[] = [
    { code: '330122', name: '桐庐县', values: { 'CAT-01': { date: '2018-12-31' } } },
    { code: '330127', name: '淳安县', values: null },
    { code: '330182', name: '建德市', values: { 'CAT-01': { date: '2019-01-05' } } },
    { code: '330111', name: '富阳区', values: { 'CAT-01': { date: '2018-11-20' } } },
  ];

  it('divides the children that met the deadline by ALL children; a missing child has not met it', () => {
    // met: 桐庐县 (on the day), 富阳区; not: 淳安县 (no report), 建德市 (late) → 2/4 → 8 × 0.50 = 4.00
    const r = scoreRollup({ ind: cat02, points: 8, source: cat01, mode: 'share-on-time', children, asOf });
    expect(r.score).toBe(400);
    expect(r.values).toEqual({ met: 2, total: 4 });
    expect(r.missingChildren).toEqual(['淳安县']);
    expect(r.explanation).toContain('2 个 / 全部 4 个 = 50.00% → 8 × 0.50 = 4.00 分');
    expect(r.explanation).toContain('淳安县（无有效报告）');
    expect(r.children?.map((c) => c.met)).toEqual([true, false, false, true]);
  });

  it('one of three: 8 × 1/3 = 2.6666… → 2.67', () => {
    const r = scoreRollup({ ind: cat02, points: 8, source: cat01, mode: 'share-on-time', children: children.slice(0, 3), asOf });
    expect(r.score).toBe(267);
  });
});
