import { describe, expect, it } from 'vitest';
import { loadDefaultScheme } from './test-helpers';
import type { ReportValues } from '../report-values';
import type { ChildReport } from './rule-rollup';
import type { UnitScore } from './types';
import { scoreUnit } from './unit';


const scheme = loadDefaultScheme();
const asOf = '2019-03-01';
const url = 'http://www.zjjs.gov.cn/art/2018/12/1.html';

function byCode(r: UnitScore): Record<string, number> {
  return Object.fromEntries(r.indicators.map((i) => [i.code, i.score]));
}

describe('a full city with the 2018 scheme', () => {
  const counties: ChildReport[] = [
    {
      code: '330122',
      name: '桐庐县',
      values: {
        'CAT-01': { date: '2018-12-31' },
        'HS-01': { numerator: 12, denominator: 15 },
        'RH-01': { numerator: 40, denominator: 50 },
        'RH-02': { numerator: 30, denominator: 30 },
      },
    },
    { code: '330127', name: '淳安县', values: null },
    {
      code: '330182',
      name: '建德市',
      values: {
        'CAT-01': { date: '2019-01-05' },
        'HS-01': { numerator: 8, denominator: 10 },
        'RH-01': { numerator: 20, denominator: 25 },
        'RH-02': { numerator: 10, denominator: 12 },
      },
    },
    {
      code: '330111',
      name: '富阳区',
      values: {
        'CAT-01': { date: '2018-12-20' },
        'HS-01': { numerator: 0, denominator: 0 },
        'RH-02': { numerator: 0, denominator: 0 },
      },
    },
  ];
  const city: ReportValues = {
    'CAT-01': { date: '2019-01-05', evidenceUrl: url },
    'CAT-03': { yes: true, evidenceUrl: url },
    'HS-02': { count: 3, evidenceUrl: url },
    'HS-03': { yes: true, evidenceFile: 'sha256:0f3a', extra: { evaluationScore: 92 } },
    'RH-03': { yes: true },
    'IN-01': { numerator: 19, denominator: 20 },
    'IN-02': { yes: true, evidenceUrl: url },
    'IN-03': { count: 5, evidenceUrl: url },
    'IN-04': { count: 4, evidenceUrl: url },
    'IN-05': { yes: false },
    'IN-06': { date: '2018-04-01', evidenceUrl: url },
    'IN-07': { yes: true, evidenceUrl: url },
    'MC-01': { numerator: 2, denominator: 3 },
    'MC-02': { numerator: 0, denominator: 0 },
    'MC-03': { yes: true, evidenceUrl: url },
    'MC-04': { count: 2, evidenceUrl: url },
    'MC-05': { numerator: 67, denominator: 200 },
  };
  const r = scoreUnit({
    scheme,
    level: 'city',
    unit: { code: '330100', name: '杭州市' },
    values: city,
    children: counties,
    adjustments: [{ points: 4, reason: '政务公开工作获国务院办公厅通报表扬' }],
    asOf,
  });

  it('scores every indicator as computed by hand', () => {
    expect(byCode(r)).toEqual({
      'CAT-01': 800, // 2019-01-05: 1 month late → 10 − 2 × 1 = 8.00
      'CAT-02': 400, // 桐庐县, 富阳区 on time / 4 counties → 8 × 0.50 = 4.00
      'CAT-03': 400, // yes + URL
      'HS-01': 640, // (12 + 8 + 0) / (15 + 10 + 0) = 20/25 → 8 × 0.80 = 6.40 (淳安县 left out)
      'HS-02': 450, // 3/4 → 6 × 0.75 = 4.50
      'HS-03': 600, // yes + file
      'RH-01': 560, // (40 + 20) / (50 + 25) = 60/75 → 7 × 0.80 = 5.60 (淳安县, 富阳区 left out)
      'RH-02': 476, // (30 + 10 + 0) / (30 + 12 + 0) = 40/42 → 5 × 20/21 = 4.7619… → 4.76
      'RH-03': 0, // yes without evidence
      'IN-01': 475, // 19/20 → 5 × 0.95 = 4.75
      'IN-02': 300,
      'IN-03': 300, // 5 of target 4 → capped
      'IN-04': 300,
      'IN-05': 0, // no
      'IN-06': 200, // deadline 2018-03-31, done 2018-04-01 → 1 month → 3 − 1 = 2.00
      'IN-07': 300,
      'MC-01': 333, // 2/3 → 5 × 2/3 = 3.3333… → 3.33
      'MC-02': 500, // 0/0, fullWhenNone
      'MC-03': 300,
      'MC-04': 200, // 2/4 → 4 × 0.50 = 2.00
      'MC-05': 101, // 67/200 → 3 × 0.335 = 1.005 → 1.01
    });
  });

  it('adds up groups, total, adjustment, S, grade and contribution', () => {
    expect(r.groups).toEqual([
      { code: 'CAT', name: '目录与清单', score: 1600, points: 2200 }, // 8 + 4 + 4
      { code: 'HS', name: '住房保障', score: 1690, points: 2000 }, // 6.40 + 4.50 + 6
      { code: 'RH', name: '农村危房改造', score: 1036, points: 1500 }, // 5.60 + 4.76 + 0
      { code: 'IN', name: '行业信息公开', score: 1875, points: 2300 }, // 4.75 + 3 + 3 + 3 + 0 + 2 + 3
      { code: 'MC', name: '保障机制', score: 1434, points: 2000 }, // 3.33 + 5 + 3 + 2 + 1.01
    ]);
    expect(r.maxPoints).toBe(10000);
    expect(r.raw).toBe(7635); // 16 + 16.90 + 10.36 + 18.75 + 14.34 = 76.35
    expect(r.adjustments).toEqual([{ cents: 400, reason: '政务公开工作获国务院办公厅通报表扬' }]);
    expect(r.S).toBe(8035); // 76.35 + 4 = 80.35
    expect(r.clamped).toBe('none');
    expect(r.grade).toBe('良好');
    expect(r.contribution).toBe(321); // 80.35 × 4% = 3.214 → 3.21
    expect(r.explanation).toBe('指标得分合计 76.35 分，调整 +4.00 分（政务公开工作获国务院办公厅通报表扬），合计 80.35 分 → S = 80.35 分');
    expect(r.contributionExplanation).toBe('S 80.35 分 × 政务公开权重 4.00% = 3.21 分');
  });

  it('uses the city rollup for HS-01 and names the county without a report', () => {
    const hs01 = r.indicators.find((i) => i.code === 'HS-01');
    expect(hs01?.rule).toBe('rollup');
    expect(hs01?.mode).toBe('sum-ratio');
    expect(hs01?.missingChildren).toEqual(['淳安县']);
    expect(hs01?.explanation).toContain('已完成改造套数合计 20 套 / 年度计划改造套数合计 25 套 = 80.00% → 8 × 0.80 = 6.40 分');
    expect(hs01?.explanation).toContain('淳安县');
    const rh01 = r.indicators.find((i) => i.code === 'RH-01');
    expect(rh01?.children?.filter((c) => !c.counted).map((c) => c.unitName)).toEqual(['淳安县', '富阳区']);
    const cat01 = r.indicators.find((i) => i.code === 'CAT-01');
    expect(cat01?.evidence).toEqual([{ type: 'url', ref: url }]);
    expect(cat01?.name).toBe('本级主动公开基本目录编制完成');
    expect(cat01?.points).toBe(1000);
  });

  it('without a counted report: 0 on self-reported indicators, rollups still from the counties', () => {
    const none = scoreUnit({ scheme, level: 'city', unit: { code: '330100', name: '杭州市' }, values: null, children: counties, adjustments: [], asOf });
    expect(none.hasReport).toBe(false);
    const scores = byCode(none);
    // rollups: CAT-02 4.00 + HS-01 6.40 + RH-01 5.60 + RH-02 4.76 = 20.76
    expect(scores['CAT-02'] + scores['HS-01'] + scores['RH-01'] + scores['RH-02']).toBe(2076);
    expect(none.raw).toBe(2076);
    expect(none.S).toBe(2076);
    expect(none.grade).toBe('不合格');
    expect(none.indicators.find((i) => i.code === 'CAT-01')?.explanation).toContain('无可计入的报告');
  });
});

describe('a full county with the 2018 scheme', () => {
  const values: ReportValues = {
    'CAT-01': { date: '2018-12-31', evidenceUrl: url },
    'CAT-03': { yes: true, evidenceUrl: url },
    'HS-01': { numerator: 12, denominator: 15 },
    'HS-02': { count: 4, evidenceUrl: url },
    'RH-01': { numerator: 40, denominator: 50 },
    'RH-02': { numerator: 30, denominator: 30 },
    'IN-01': { numerator: 1, denominator: 3 },
    'IN-07': { yes: true },
    'MC-01': { numerator: 0, denominator: 0 },
    'MC-02': { numerator: 7, denominator: 8 },
    'MC-03': { yes: true, evidenceFile: 'sha256:77aa' },
    'MC-04': { count: 3, evidenceUrl: url },
  };
  const r = scoreUnit({ scheme, level: 'county', unit: { code: '330122', name: '桐庐县' }, values, children: [], adjustments: [], asOf });

  it('scores the county subset by hand', () => {
    expect(r.indicators.map((i) => i.code)).toEqual(['CAT-01', 'CAT-03', 'HS-01', 'HS-02', 'RH-01', 'RH-02', 'IN-01', 'IN-07', 'MC-01', 'MC-02', 'MC-03', 'MC-04']);
    expect(byCode(r)).toEqual({
      'CAT-01': 2000, // on the day
      'CAT-03': 500,
      'HS-01': 800, // 12/15 → 10 × 0.80 (a county scores its own ratio, not a rollup)
      'HS-02': 800, // 4/4
      'RH-01': 960, // 40/50 → 12 × 0.80 = 9.60
      'RH-02': 1000, // 30/30
      'IN-01': 267, // 1/3 → 8 × 1/3 = 2.6666… → 2.67
      'IN-07': 0, // yes without evidence
      'MC-01': 600, // 0/0, fullWhenNone
      'MC-02': 700, // 7/8 → 8 × 0.875 = 7.00
      'MC-03': 400,
      'MC-04': 300, // 3/4 → 4 × 0.75 = 3.00
    });
    expect(r.indicators.find((i) => i.code === 'HS-01')?.rule).toBe('ratio');
  });

  it('adds up to 83.27, 良好, contribution 3.33', () => {
    expect(r.groups.map((g) => [g.code, g.score, g.points])).toEqual([
      ['CAT', 2500, 2500],
      ['HS', 1600, 1800],
      ['RH', 1960, 2200],
      ['IN', 267, 1300],
      ['MC', 2000, 2200],
    ]);
    expect(r.maxPoints).toBe(10000);
    expect(r.raw).toBe(8327);
    expect(r.S).toBe(8327);
    expect(r.grade).toBe('良好');
    expect(r.contribution).toBe(333); // 83.27 × 4% = 3.3308 → 3.33
    expect(r.explanation).toBe('指标得分合计 83.27 分 → S = 83.27 分');
  });

  it('a county with no counted report scores 0, 不合格', () => {
    const none = scoreUnit({ scheme, level: 'county', unit: { code: '330127', name: '淳安县' }, values: null, children: [], adjustments: [], asOf });
    expect(none.S).toBe(0);
    expect(none.grade).toBe('不合格');
    expect(none.indicators.every((i) => i.score === 0)).toBe(true);
  });
});

describe('adjustments, clamping and contribution', () => {
  const allFull: ReportValues = {
    'CAT-01': { date: '2018-12-01' },
    'CAT-03': { yes: true, evidenceUrl: url },
    'HS-01': { numerator: 1, denominator: 1 },
    'HS-02': { count: 4 },
    'RH-01': { numerator: 1, denominator: 1 },
    'RH-02': { numerator: 1, denominator: 1 },
    'IN-01': { numerator: 1, denominator: 1 },
    'IN-07': { yes: true, evidenceUrl: url },
    'MC-01': { numerator: 1, denominator: 1 },
    'MC-02': { numerator: 1, denominator: 1 },
    'MC-03': { yes: true, evidenceUrl: url },
    'MC-04': { count: 4 },
  };
  const base = { scheme, level: 'county' as const, unit: { code: '330122', name: '桐庐县' }, children: [], asOf };

  it('an adjustment pushing S above 100 is clamped to 100, and the explanation says so', () => {
    const r = scoreUnit({ ...base, values: { ...allFull, 'MC-04': { count: 3 } }, adjustments: [{ points: 5, reason: '创新做法加分' }] });
    expect(r.raw).toBe(9900); // 100 − 1 (MC-04 3/4 of 4 points)
    expect(r.adjustmentTotal).toBe(500);
    expect(r.S).toBe(10000); // 99 + 5 = 104 → 100
    expect(r.clamped).toBe('max');
    expect(r.explanation).toBe('指标得分合计 99.00 分，调整 +5.00 分（创新做法加分），合计 104.00 分，超过 100 分按 100 分计 → S = 100.00 分');
    expect(r.grade).toBe('优秀');
    expect(r.contribution).toBe(400);
  });

  it('a deduction below 0 is clamped to 0', () => {
    const r = scoreUnit({ ...base, values: null, adjustments: [{ points: -3.5, reason: '瞒报' }] });
    expect(r.S).toBe(0);
    expect(r.clamped).toBe('min');
  });

  it('S = 87.50 at w = 4% contributes 3.50', () => {
    // 100 − 12.5: CAT-01 two months late (−4), IN-01 0/1 (−8), −0.5 adjustment
    const r = scoreUnit({
      ...base,
      values: { ...allFull, 'CAT-01': { date: '2019-02-01' }, 'IN-01': { numerator: 0, denominator: 1 } },
      adjustments: [{ points: -0.5, reason: '报送材料不规范' }],
    });
    expect(r.raw).toBe(8800);
    expect(r.S).toBe(8750);
    expect(r.contribution).toBe(350);
    expect(r.grade).toBe('良好');
  });

  it('rounds each adjustment half-up to 0.01', () => {
    const r = scoreUnit({ ...base, values: null, adjustments: [{ points: 1.005, reason: '四舍五入' }] });
    expect(r.S).toBe(101);
  });
});
