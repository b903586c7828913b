import { describe, expect, it } from 'vitest';
import { loadDefaultScheme } from './test-helpers';
import { indicatorsFor, reportedIndicatorsFor, validateScheme, type Scheme } from '../scheme';
import { scoreUnit } from './unit';
import type { BudgetTally, LedgerTally } from './types';
import { budgetDisclosureDue } from '../budget';
import { describeRule } from '../rule-description';

const scheme = loadDefaultScheme();
const url = 'http://www.zjjs.gov.cn/art/2018/12/1.html';
const asOf = '2019-01-31';

const ledger: LedgerTally = {
  items: [
    { text: '全面完成主动公开目录编制', due: '2018-12-31', met: true, why: '2018年12月20日完成' },
    { text: '网站季度抽查（2018年第一季度）', due: '2018-04-10', met: true, why: '2018年4月8日完成' },
    { text: '网站季度抽查（2018年第二季度）', due: '2018-07-10', met: false, why: '2018年7月19日完成，逾期' },
    { text: '网站季度抽查（2018年第三季度）', due: '2018-10-10', met: true, why: '2018年10月9日完成' },
    { text: '网站季度抽查（2018年第四季度）', due: '2019-01-10', met: false, why: '无经确认的报告' },
  ],
};

// 计划财务处's budget items: due 20 days after approval (shared/budget.ts).
const budget: BudgetTally = {
  items: [
    { text: '2018年部门预算“2018年度部门预算”（2018年2月5日批复）', due: budgetDisclosureDue('2018-02-05'), met: true, why: '2018年2月11日公开' },
    { text: '2017年部门决算“2017年度部门决算”（2018年7月20日批复）', due: budgetDisclosureDue('2018-07-20'), met: false, why: '2018年8月20日公开，逾期 11 天' },
    { text: '2018年预算调整“2018年度部门预算调整”（2018年11月6日批复）', due: budgetDisclosureDue('2018-11-06'), met: true, why: '2018年11月21日公开' },
  ],
};

describe('division level of the 2018 scheme (厅机关处室)', () => {
  it('has its own indicators summing to 100, the ledger one computed rather than reported', () => {
    const inds = indicatorsFor(scheme, 'division');
    expect(inds.map((i) => i.code)).toEqual(['MC-01', 'DV-01', 'DV-02', 'DV-03', 'DV-04', 'DV-05']);
    expect(inds.reduce((a, i) => a + Math.round((i.points.division ?? 0) * 100), 0)).toBe(10000);
    expect(reportedIndicatorsFor(scheme, 'division').map((i) => i.code)).toEqual(['MC-01', 'DV-02', 'DV-03', 'DV-04']);
  });

  it('scores a division to the cent against hand-worked values', () => {
    const s = scoreUnit({
      scheme,
      level: 'division',
      unit: { code: '330001', name: '办公室' },
      values: {
        'MC-01': { numerator: 7, denominator: 9 },
        'DV-02': { count: 1 },
        'DV-03': { numerator: 2, denominator: 3 },
        'DV-04': { yes: true, evidenceUrl: url },
      },
      children: [],
      adjustments: [],
      asOf,
      ledger,
      budget,
    });
    const by = Object.fromEntries(s.indicators.map((i) => [i.code, i.score]));
    // DV-01: 30 × 3/5 = 18.00; MC-01: 25 × 7/9 = 19.444… → 19.44; DV-02: 15 × 1/2 = 7.50;
    // DV-03: 10 × 2/3 = 6.666… → 6.67; DV-04: 10.00; DV-05: 10 × 2/3 = 6.666… → 6.67.
    // S = 68.28; 68.28 × 4% = 2.7312 → 2.73.
    expect(by).toEqual({ 'MC-01': 1944, 'DV-01': 1800, 'DV-02': 750, 'DV-03': 667, 'DV-04': 1000, 'DV-05': 667 });
    expect(s.S).toBe(6828);
    expect(s.contribution).toBe(273);
    expect(s.grade).toBe('合格');
    const dv01 = s.indicators.find((i) => i.code === 'DV-01')!;
    expect(dv01.explanation).toBe(
      '按期完成的台账任务 3 项 / 截至考核日到期的台账任务 5 项 = 60.00% → 30 × 0.60 = 18.00 分；未按期完成：网站季度抽查（2018年第二季度）（2018年7月10日到期，2018年7月19日完成，逾期）；网站季度抽查（2018年第四季度）（2019年1月10日到期，无经确认的报告）',
    );
    const dv05 = s.indicators.find((i) => i.code === 'DV-05')!;
    expect(dv05.rule).toBe('budget');
    expect(dv05.values).toMatchObject({ met: 2, total: 3 });
    expect(dv05.explanation).toBe(
      '批复后 20 日内公开并经确认的预算、决算事项 2 项 / 截至考核日应公开的预算、决算事项 3 项 = 66.67% → 10 × 2/3 = 6.6666…，四舍五入得 6.67 分；未按期公开：2017年部门决算“2017年度部门决算”（2018年7月20日批复）（2018年8月9日到期，2018年8月20日公开，逾期 11 天）',
    );
    expect(s.indicators.find((i) => i.code === 'MC-01')!.explanation).toBe('同步发布解读的文件数 7 件 / 印发政策性文件数 9 件 = 77.78% → 25 × 7/9 = 19.4444…，四舍五入得 19.44 分');
  });

  it('a division without due tasks gets the ledger points in full; without a counted report 0 on what it reports', () => {
    const s = scoreUnit({ scheme, level: 'division', unit: { code: '330013', name: '机关党委' }, values: null, children: [], adjustments: [], asOf, ledger: { items: [] } });
    // Neither a due task nor a due budget item: DV-01 30 + DV-05 10 in full, 0 on what it reports.
    expect(s.indicators.find((i) => i.code === 'DV-01')!.score).toBe(3000);
    expect(s.indicators.find((i) => i.code === 'DV-05')!.score).toBe(1000);
    expect(s.indicators.find((i) => i.code === 'DV-05')!.explanation).toContain('截至考核日应公开的预算、决算事项为 0');
    expect(s.S).toBe(4000);
    expect(s.indicators.find((i) => i.code === 'DV-01')!.explanation).toContain('截至考核日到期的台账任务为 0');
  });

  it('describes the budget rule in one sentence, with the 20-day rule of 预算法 第十四条', () => {
    const dv05 = scheme.indicators.find((i) => i.code === 'DV-05')!;
    expect(describeRule(dv05, 'division')).toBe(
      '由预算决算公开记录计算：预算、预算调整、决算和“三公”经费须在批复后 20 日内公开（预算法第十四条），截至考核日应公开的事项中按期公开并经厅办公室确认的比例，达到 100% 得满分，未达到按比例得分；无应公开事项得满分，无需填报',
    );
  });

  it('refuses a budget indicator with points for counties', () => {
    const bad = structuredClone(scheme) as Scheme;
    bad.indicators.find((i) => i.code === 'DV-05')!.points.county = 1;
    const r = validateScheme(bad);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toContain('预算决算公开指标 DV-05 只适用于厅机关处室');
  });

  it('refuses a ledger indicator with points for cities, and division points not summing to 100', () => {
    const bad = structuredClone(scheme) as Scheme;
    bad.indicators.find((i) => i.code === 'DV-01')!.points.city = 1;
    bad.indicators.find((i) => i.code === 'DV-02')!.points.division = 14;
    const r = validateScheme(bad);
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.problems.map((p) => p.message);
    expect(messages).toContain('台账任务指标 DV-01 只适用于厅机关处室');
    expect(messages).toContain('厅机关处室各指标分值合计为 99 分，应为 100 分');
  });
});
