import { describe, expect, it } from 'vitest';
import { scoreBoolean } from './rule-boolean';
import { scoreCount } from './rule-count';
import { scoreDeadline } from './rule-deadline';
import { scoreManual } from './rule-manual';
import { scoreRatio } from './rule-ratio';
import { indicator } from './test-helpers';

const catalogue = indicator({
  code: 'CAT-01',
  rule: 'deadline',
  deadline: '2018-12-31',
  deductPerMonth: 2,
  value: { date: '目录编制完成日期' },
});
const asOf = '2019-06-30';

describe('deadline', () => {
  it('on the day: full points', () => {
    const r = scoreDeadline(catalogue, 10, { date: '2018-12-31' }, asOf);
    expect(r.score).toBe(1000);
    expect(r.explanation).toBe('目录编制完成日期 2018年12月31日，截止日期 2018年12月31日，按时完成 → 满分 10.00 分');
  });
  it('one day late: one started month, 10 − 2 × 1 = 8.00', () => {
    const r = scoreDeadline(catalogue, 10, { date: '2019-01-01' }, asOf);
    expect(r.score).toBe(800);
    expect(r.explanation).toContain('逾期 1 个月');
    expect(r.explanation).toContain('10 − 2 × 1 = 8.00 分');
  });
  it('three months late: 10 − 2 × 3 = 4.00', () => {
    const r = scoreDeadline(catalogue, 10, { date: '2019-03-15' }, asOf);
    expect(r.score).toBe(400);
    expect(r.explanation).toContain('逾期 3 个月');
  });
  it('2019-02-01 is two months late (2018-12-31 + 1 month = 2019-01-31)', () => {
    expect(scoreDeadline(catalogue, 10, { date: '2019-02-01' }, asOf).score).toBe(600);
  });
  it('floors at 0', () => {
    const r = scoreDeadline(catalogue, 10, { date: '2019-06-30' }, asOf); // 6 months: 10 − 12 = −2
    expect(r.score).toBe(0);
    expect(r.explanation).toContain('最低 0 分');
  });
  it('no date, or a date after the assessment date: 0', () => {
    expect(scoreDeadline(catalogue, 10, undefined, asOf).score).toBe(0);
    expect(scoreDeadline(catalogue, 10, { date: null }, asOf).explanation).toContain('未填报目录编制完成日期');
    const future = scoreDeadline(catalogue, 10, { date: '2018-12-20' }, '2018-12-10');
    expect(future.score).toBe(0);
    expect(future.explanation).toContain('晚于考核日');
    expect(scoreDeadline(catalogue, 10, { date: '2019-02-30' }, asOf).score).toBe(0);
  });
  it('decimal points and deductions stay exact: 2.5 − 0.75 × 2 = 1.00', () => {
    const ind = indicator({ rule: 'deadline', deadline: '2018-03-31', deductPerMonth: 0.75 });
    expect(scoreDeadline(ind, 2.5, { date: '2018-05-01' }, asOf).score).toBe(100);
  });
  it('late without deductPerMonth scores 0', () => {
    const ind = indicator({ rule: 'deadline', deadline: '2018-03-31' });
    expect(scoreDeadline(ind, 3, { date: '2018-04-01' }, asOf).score).toBe(0);
    expect(scoreDeadline(ind, 3, { date: '2018-03-31' }, asOf).score).toBe(300);
  });
});

const shantytown = indicator({
  code: 'HS-01',
  rule: 'ratio',
  target: 1,
  fullWhenNone: true,
  value: { numerator: '已完成改造套数', denominator: '年度计划改造套数', unit: '套' },
});

describe('ratio', () => {
  it('explains the arithmetic with the scheme labels: 12/15 → 8 × 0.80 = 6.40', () => {
    const r = scoreRatio(shantytown, 8, { numerator: 12, denominator: 15 });
    expect(r.score).toBe(640);
    expect(r.explanation).toBe('已完成改造套数 12 套 / 年度计划改造套数 15 套 = 80.00% → 8 × 0.80 = 6.40 分');
    expect(r.values).toEqual({ numerator: 12, denominator: 15 });
  });
  it('rounds 3 × 67/200 = 1.005 half-up to 1.01', () => {
    const r = scoreRatio(shantytown, 3, { numerator: 67, denominator: 200 });
    expect(r.score).toBe(101);
    expect(r.explanation).toContain('3 × 0.335 = 1.005，四舍五入得 1.01 分');
  });
  it('denominator 0 with fullWhenNone: full points', () => {
    const r = scoreRatio(shantytown, 8, { numerator: 0, denominator: 0 });
    expect(r.score).toBe(800);
    expect(r.explanation).toContain('年度计划改造套数为 0');
  });
  it('denominator 0 without fullWhenNone: 0', () => {
    const strict = { ...shantytown, fullWhenNone: false };
    expect(scoreRatio(strict, 8, { numerator: 0, denominator: 0 }).score).toBe(0);
    expect(scoreRatio({ ...shantytown, fullWhenNone: undefined }, 8, { numerator: 0, denominator: 0 }).score).toBe(0);
  });
  it('caps at the target and divides by it: 19/20 with target 0.95 is full; 9/10 is 5 × 0.9/0.95', () => {
    const ind = { ...shantytown, target: 0.95 };
    expect(scoreRatio(ind, 5, { numerator: 19, denominator: 20 }).score).toBe(500);
    // 0.9 / 0.95 = 18/19; 5 × 18/19 = 4.7368… → 4.74
    const r = scoreRatio(ind, 5, { numerator: 9, denominator: 10 });
    expect(r.score).toBe(474);
    expect(r.explanation).toContain('目标 95.00%');
    expect(scoreRatio(shantytown, 8, { numerator: 20, denominator: 15 }).score).toBe(800);
  });
  it('missing or negative values: 0', () => {
    expect(scoreRatio(shantytown, 8, { numerator: 12 }).score).toBe(0);
    expect(scoreRatio(shantytown, 8, { numerator: 12 }).explanation).toContain('未填报年度计划改造套数');
    expect(scoreRatio(shantytown, 8, undefined).score).toBe(0);
    expect(scoreRatio(shantytown, 8, { numerator: -1, denominator: 5 }).score).toBe(0);
  });
});

describe('count', () => {
  const ind = indicator({ rule: 'count', target: 4, evidence: 'required', value: { count: '已公开事项数', unit: '项' } });
  it('points × count / target, capped at full', () => {
    const r = scoreCount(ind, 6, { count: 3, evidenceUrl: 'http://zjjs.gov.cn/a' });
    expect(r.score).toBe(450);
    expect(r.explanation).toBe('已公开事项数 3 项，目标 4 项 → 6 × 0.75 = 4.50 分');
    expect(scoreCount(ind, 6, { count: 5, evidenceUrl: 'u' }).score).toBe(600);
    expect(scoreCount(ind, 6, { count: 0, evidenceUrl: 'u' }).score).toBe(0);
  });
  it('notes missing evidence without taking points', () => {
    const r = scoreCount(ind, 6, { count: 4 });
    expect(r.score).toBe(600);
    expect(r.evidenceMissing).toBe(true);
    expect(r.explanation).toContain('尚未提供');
  });
  it('no count: 0', () => {
    expect(scoreCount(ind, 6, {}).score).toBe(0);
  });
});

describe('boolean', () => {
  const ind = indicator({ rule: 'boolean', evidence: 'required' });
  it('yes with evidence: full', () => {
    expect(scoreBoolean(ind, 4, { yes: true, evidenceUrl: 'http://zjjs.gov.cn/fmqd' }).score).toBe(400);
    expect(scoreBoolean(ind, 4, { yes: true, evidenceFile: 'sha256:abc' }).score).toBe(400);
  });
  it('yes but no evidence: 0, and says evidence is missing', () => {
    const r = scoreBoolean(ind, 4, { yes: true, evidenceUrl: '   ' });
    expect(r.score).toBe(0);
    expect(r.evidenceMissing).toBe(true);
    expect(r.explanation).toContain('佐证缺失');
  });
  it('no, or not reported: 0', () => {
    expect(scoreBoolean(ind, 4, { yes: false, evidenceUrl: 'u' }).score).toBe(0);
    expect(scoreBoolean(ind, 4, undefined).score).toBe(0);
  });
});

describe('manual', () => {
  it('takes the reviewer score with its reason', () => {
    const r = scoreManual(5, { cents: 350, reason: '解读材料不完整' });
    expect(r.score).toBe(350);
    expect(r.explanation).toContain('解读材料不完整');
  });
  it('clamps to 0…points and explains', () => {
    const hi = scoreManual(5, { cents: 700, reason: '表现突出' });
    expect(hi.score).toBe(500);
    expect(hi.explanation).toContain('超过满分 5 分按满分计');
    expect(scoreManual(5, { cents: -100, reason: '扣分' }).score).toBe(0);
  });
  it('refuses a score without a reason, not yet given or not whole cents', () => {
    expect(scoreManual(5, { cents: 235, reason: '一般' }).explanation).toBe('评审评分 2.35 分（理由：一般） → 2.35 分');
    expect(scoreManual(5, { cents: 234.5, reason: '一般' }).score).toBe(0);
    expect(scoreManual(5, { cents: 400, reason: ' ' }).score).toBe(0);
    expect(scoreManual(5, undefined).score).toBe(0);
  });
});
