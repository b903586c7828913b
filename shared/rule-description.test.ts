import { describe, expect, it } from 'vitest';
import { describeIndicator, describeRule, RULE_NAMES } from './rule-description';
import { scoreIndicator } from './scoring';
import { ScoringRule, type Indicator } from './scheme';
import { BUDGET_DISCLOSURE_DAYS } from './budget';

const base = { code: 'X-01', group: 'G', name: '指标', points: { city: 10, county: 10 } } as const;

describe('describeRule says what the engine does', () => {
  it('deadline: with a monthly deduction, and without one (any lateness scores 0)', () => {
    const withDeduction: Indicator = { ...base, rule: 'deadline', deadline: '2018-12-31', deductPerMonth: 2 };
    expect(describeRule(withDeduction, 'county')).toBe('2018年12月31日前（含当日）完成得满分；每逾期一个月（不足一个月按一个月计）扣 2 分，扣完为止；截至考核日未完成不得分');
    const without: Indicator = { ...base, rule: 'deadline', deadline: '2018-12-31' };
    const text = describeRule(without, 'county');
    expect(text).toBe('2018年12月31日前（含当日）完成得满分；逾期完成不得分；截至考核日未完成不得分');
    expect(text).not.toContain('扣 0 分');
    // The engine agrees: one day late without deductPerMonth is 0.
    const late = scoreIndicator({ scheme: { indicators: [without] } as never, ind: without, level: 'county', values: { 'X-01': { date: '2019-01-01' } }, children: [], asOf: '2019-01-31' });
    expect(late.score).toBe(0);
  });

  it('ratio and count: target defaults to 100% / 1, zero denominator as the scheme says', () => {
    const ratio: Indicator = { ...base, rule: 'ratio', fullWhenNone: true, value: { numerator: '已完成改造套数', denominator: '年度计划改造套数', unit: '套' } };
    expect(describeRule(ratio, 'county')).toBe('按“已完成改造套数 ÷ 年度计划改造套数”计算，达到 100% 得满分，未达到按比例得分；无任务（分母为 0）得满分');
    expect(describeRule({ ...ratio, target: 0.955, fullWhenNone: false }, 'county')).toBe('按“已完成改造套数 ÷ 年度计划改造套数”计算，达到 95.5% 得满分，未达到按比例得分；分母为 0 不得分');
    expect(describeRule({ ...base, rule: 'count', value: { unit: '场' } }, 'county')).toBe('达到 1 场 得满分，未达到按比例得分');
    expect(describeRule({ ...base, rule: 'count', target: 2.5 }, 'county')).toBe('达到 2.5 得满分，未达到按比例得分');
  });

  it('boolean needs evidence unless optional; manual; the city rollup of a county indicator', () => {
    expect(describeRule({ ...base, rule: 'boolean' }, 'city')).toBe('填“是”并提供证明材料得满分，否则不得分');
    expect(describeRule({ ...base, rule: 'boolean', evidence: 'optional' }, 'city')).toBe('填“是”得满分（证明材料可选），否则不得分');
    expect(describeRule({ ...base, rule: 'manual' }, 'city')).toBe('由审核人员在分值内评分并写明理由');
    const hs: Indicator = { ...base, code: 'HS-01', name: '棚户区改造年度任务完成率', rule: 'ratio', cityRule: { rule: 'rollup', of: 'HS-01', mode: 'sum-ratio' } };
    expect(describeRule(hs, 'city', { source: hs })).toBe('由所辖县(市、区)“棚户区改造年度任务完成率”的数据汇总计算（分子、分母分别求和后相除），无需填报');
    expect(describeRule(hs, 'county')).toContain('达到 100% 得满分');
  });
});

describe('one home per rule kind', () => {
  it('every rule kind has one Chinese name and its own description, and the scheme editor line is that description', () => {
    const names = ScoringRule.options.map((r) => RULE_NAMES[r]);
    expect(Object.keys(RULE_NAMES).sort()).toEqual([...ScoringRule.options].sort());
    expect(names.every((n) => /^[\u4e00-\u9fff“”]+$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const source: Indicator = { ...base, code: 'S-01', name: '来源指标', rule: 'deadline', deadline: '2018-12-31' };
    const texts = ScoringRule.options.map((rule) => {
      const ind: Indicator = { ...base, rule, deadline: rule === 'deadline' ? '2018-12-31' : undefined, of: rule === 'rollup' ? 'S-01' : undefined };
      const text = describeRule(ind, 'county', { source });
      expect(text.length, rule).toBeGreaterThan(8);
      // The editor's line (list and drawer) is the same text, never a second copy.
      expect(describeIndicator(ind, [source, ind]), rule).toBe(text);
      return text;
    });
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts[ScoringRule.options.indexOf('rollup')]).toContain('“来源指标”');
    // The budget rule's days come from shared/budget.ts, not a number written twice.
    expect(texts[ScoringRule.options.indexOf('budget')]).toContain(`批复后 ${BUDGET_DISCLOSURE_DAYS} 日内公开`);
  });

  it('the editor line adds the city rule when the city is scored otherwise', () => {
    const hs: Indicator = { ...base, code: 'HS-01', name: '棚户区改造年度任务完成率', rule: 'ratio', cityRule: { rule: 'rollup', of: 'HS-01', mode: 'sum-ratio' } };
    expect(describeIndicator(hs, [hs])).toBe(
      '按“分子 ÷ 分母”计算，达到 100% 得满分，未达到按比例得分；分母为 0 不得分；设区市：由所辖县(市、区)“棚户区改造年度任务完成率”的数据汇总计算（分子、分母分别求和后相除），无需填报',
    );
    // A city-only indicator: only the city's rule.
    expect(describeIndicator({ ...hs, points: { city: 10 } }, [hs])).toBe(describeRule(hs, 'city', { source: hs }));
  });
});
