import { describe, expect, it } from 'vitest';
import { TaskReportInput, metDeadline, overdueDays, taskInstances } from './ledger';

describe('task ledger dates', () => {
  it('a quarterly task has one instance per quarter, due N days after the quarter ends', () => {
    expect(taskInstances({ year: 2018, recurrence: 'quarterly', due: null, quarterDueDays: 10 })).toEqual([
      { instance: '2018Q1', due: '2018-04-10', label: '2018年第一季度' },
      { instance: '2018Q2', due: '2018-07-10', label: '2018年第二季度' },
      { instance: '2018Q3', due: '2018-10-10', label: '2018年第三季度' },
      { instance: '2018Q4', due: '2019-01-10', label: '2018年第四季度' },
    ]);
    // A plan issued mid-year starts with the third quarter.
    expect(taskInstances({ year: 2017, recurrence: 'quarterly', due: null, quarterDueDays: 10, firstQuarter: 3 }).map((i) => i.instance)).toEqual(['2017Q3', '2017Q4']);
    expect(taskInstances({ year: 2018, recurrence: 'once', due: '2018-12-31', quarterDueDays: null })).toEqual([{ instance: 'once', due: '2018-12-31', label: '' }]);
  });

  it('counts overdue days across month ends, leap days and year ends', () => {
    const open = { progress: 'in_progress' as const, completedOn: null };
    expect(overdueDays('2018-01-31', open, '2018-01-31')).toBe(0);
    expect(overdueDays('2018-01-31', open, '2018-02-01')).toBe(1);
    expect(overdueDays('2018-01-31', open, '2018-02-28')).toBe(28);
    expect(overdueDays('2018-01-31', open, '2018-03-01')).toBe(29);
    expect(overdueDays('2020-01-31', open, '2020-03-01')).toBe(30); // 2020 is a leap year
    expect(overdueDays('2017-12-31', open, '2018-01-31')).toBe(31);
    expect(overdueDays('2018-12-31', open, '2018-12-30')).toBe(0); // before the due date
    expect(overdueDays('2018-06-30', { progress: 'not_started', completedOn: null }, '2018-07-31')).toBe(31);
  });

  it('a done task is overdue by its completion date, not by today', () => {
    expect(overdueDays('2018-03-31', { progress: 'done', completedOn: '2018-04-30' }, '2019-01-25')).toBe(30);
    expect(overdueDays('2018-03-31', { progress: 'done', completedOn: '2018-03-31' }, '2019-01-25')).toBe(0);
    expect(metDeadline('2018-03-31', { progress: 'done', completedOn: '2018-03-31' })).toBe(true);
    expect(metDeadline('2018-03-31', { progress: 'done', completedOn: '2018-04-01' })).toBe(false);
    expect(metDeadline('2018-03-31', { progress: 'in_progress', completedOn: null })).toBe(false);
  });

  it('quarterly instances: the fourth quarter falls due in the next year', () => {
    const [q1, , , q4] = taskInstances({ year: 2018, recurrence: 'quarterly', due: null, quarterDueDays: 10 });
    expect(overdueDays(q1.due, { progress: null, completedOn: null }, '2018-04-30')).toBe(20);
    expect(overdueDays(q4.due, { progress: null, completedOn: null }, '2019-01-25')).toBe(15);
    expect(overdueDays(q4.due, { progress: null, completedOn: null }, '2018-12-31')).toBe(0);
  });

  it('checks a task report at the boundary, in Chinese', () => {
    const base = { taskId: 1, instance: 'once', revision: 0 };
    const problems = (v: unknown) => {
      const r = TaskReportInput.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`);
    };
    expect(problems({ ...base, progress: 'done' })).toEqual(['completedOn：已完成的任务须填写完成日期', 'evidenceUrl：已完成的任务须提供佐证材料（链接或文件）']);
    expect(problems({ ...base, progress: 'in_progress', completedOn: '2018-03-01' })).toEqual(['completedOn：任务未完成时不应填写完成日期']);
    expect(problems({ ...base, progress: 'done', completedOn: '2018-02-30', evidenceUrl: 'x' })[0]).toMatch(/^completedOn：/);
    expect(problems({ ...base, instance: '2018Q5', progress: 'not_started' })).toEqual(['instance：任务期次应为 once 或形如 2018Q1']);
    expect(problems({ ...base, progress: 'done', completedOn: '2018-03-01', evidenceUrl: 'http://www.zjjs.gov.cn/a.html' })).toEqual([]);
  });
});
