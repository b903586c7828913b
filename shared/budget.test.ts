import { describe, expect, it } from 'vitest';
import { BudgetItemInput, budgetAssessmentYear, budgetDisclosureDue, budgetTiming } from './budget';

describe('budget disclosure deadline: 20 days after approval (预算法 第十四条)', () => {
  it('counts calendar days across month ends, leap years and the year end', () => {
    expect(budgetDisclosureDue('2018-02-05')).toBe('2018-02-25');
    expect(budgetDisclosureDue('2018-07-20')).toBe('2018-08-09');
    expect(budgetDisclosureDue('2018-02-09')).toBe('2018-03-01'); // February 2018 has 28 days
    expect(budgetDisclosureDue('2020-02-09')).toBe('2020-02-29'); // leap year
    expect(budgetDisclosureDue('2018-01-31')).toBe('2018-02-20');
    expect(budgetDisclosureDue('2018-12-20')).toBe('2019-01-09');
    // An item approved late in December counts in the next year's assessment.
    expect(budgetAssessmentYear('2018-12-11')).toBe(2018);
    expect(budgetAssessmentYear('2018-12-12')).toBe(2019);
  });

  it('days late: published after the deadline, or not published and past it', () => {
    expect(budgetTiming('2018-02-05', '2018-02-25', '2019-01-25')).toEqual({ due: '2018-02-25', daysLate: 0, overdue: false, onTime: true });
    expect(budgetTiming('2018-07-20', '2018-08-20', '2019-01-25')).toEqual({ due: '2018-08-09', daysLate: 11, overdue: false, onTime: false });
    expect(budgetTiming('2018-02-09', null, '2018-03-01')).toEqual({ due: '2018-03-01', daysLate: 0, overdue: false, onTime: false });
    expect(budgetTiming('2018-02-09', null, '2018-03-31')).toEqual({ due: '2018-03-01', daysLate: 30, overdue: true, onTime: false });
  });

  it('checks an item at the boundary, in Chinese, naming the field', () => {
    const ok = { revision: 0, kind: 'final', fiscalYear: 2017, title: '2017年度部门决算', approvedOn: '2018-07-20', publishedOn: '2018-08-01', url: 'http://www.zjjs.gov.cn/js.html' };
    expect(BudgetItemInput.safeParse(ok).success).toBe(true);
    const issues = (v: object) => {
      const r = BudgetItemInput.safeParse({ ...ok, ...v });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`);
    };
    expect(issues({ publishedOn: '2018-07-19' })).toEqual(['publishedOn：公开日期不能早于批复日期（2018年7月20日）']);
    expect(issues({ url: '' })).toEqual(['url：已公开的事项须填写公开网址']);
    expect(issues({ publishedOn: null })).toEqual(['publishedOn：填写了公开网址，请同时填写公开日期']);
    expect(issues({ approvedOn: '2018-02-30' })).toEqual(['approvedOn：日期无效']);
    expect(issues({ kind: 'tax' })[0]).toMatch(/^kind：/);
    expect(issues({ title: ' ' })).toEqual(['title：请填写公开事项名称（至少 2 个字）']);
  });
});
