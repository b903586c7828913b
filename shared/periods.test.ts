import { describe, expect, it } from 'vitest';
import { currentPeriod, defaultDueDate, periodLabel, periodStatus, quarterEnd, timeliness, unitExistedIn } from './periods';
import { addDays, addMonths, chinaDateOf, daysBetween, parseInstant } from './dates';

describe('addMonths', () => {
  it.each([
    ['2018-12-31', 2, '2019-02-28'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2018-12-31', 1, '2019-01-31'],
    ['2018-01-31', 3, '2018-04-30'],
    ['2018-03-31', -1, '2018-02-28'],
    ['2018-01-15', -1, '2017-12-15'],
    ['2018-05-10', 0, '2018-05-10'],
    ['2018-01-31', 12, '2019-01-31'],
  ] as const)('%s + %i → %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });
  it('refuses malformed input', () => {
    expect(() => addMonths('2018-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2018-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('daysBetween and addDays', () => {
  it('counts calendar days, signed', () => {
    expect(daysBetween('2018-04-10', '2018-04-11')).toBe(1);
    expect(daysBetween('2018-04-11', '2018-04-10')).toBe(-1);
    expect(daysBetween('2018-12-31', '2019-03-01')).toBe(60);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
  });
  it('adds days across months and years', () => {
    expect(addDays('2018-12-31', 10)).toBe('2019-01-10');
    expect(addDays('2018-03-01', -1)).toBe('2018-02-28');
  });
});

describe('periodStatus', () => {
  const q1 = { opens: '2018-03-20', due: '2018-04-10', locks: '2018-04-30' };
  it.each([
    ['2018-03-19', 'not-open'],
    ['2018-03-20', 'open'],
    ['2018-04-10', 'open'],
    ['2018-04-11', 'overdue'],
    ['2018-04-30', 'overdue'],
    ['2018-05-01', 'locked'],
  ] as const)('%s → %s', (today, status) => {
    expect(periodStatus(q1, today)).toBe(status);
  });
});

describe('currentPeriod (used by periods.current and the dashboards)', () => {
  const year = [
    { code: '2018Q2', opens: '2018-06-20', due: '2018-07-10', locks: '2018-07-31' },
    { code: '2018Q1', opens: '2018-03-20', due: '2018-04-10', locks: '2018-04-30' },
    { code: '2018Q3', opens: '2018-09-20', due: '2018-10-10', locks: '2018-10-31' },
  ];
  it.each([
    ['2018-01-01', '2018Q1'], // nothing opened yet: the first
    ['2018-04-20', '2018Q1'], // overdue but not locked
    ['2018-05-15', '2018Q1'], // between periods: the latest opened
    ['2018-06-25', '2018Q2'],
    ['2018-12-31', '2018Q3'], // all locked: the latest opened
  ])('%s → %s', (day, code) => {
    expect(currentPeriod(year, day)?.code).toBe(code);
  });
  it('is undefined without periods', () => expect(currentPeriod([], '2018-01-01')).toBeUndefined());
});

describe('timeliness', () => {
  const due = '2018-04-10';
  it('on the due date is on time', () => {
    expect(timeliness({ due, submittedAt: '2018-04-10T09:00:00+08:00', today: '2018-05-01' })).toEqual({ status: 'on-time', daysLate: 0, deadline: due });
  });
  it('before the due date is on time', () => {
    expect(timeliness({ due, submittedAt: '2018-04-01T02:00:00.000Z', today: '2018-05-01' }).status).toBe('on-time');
  });
  it('a day late', () => {
    expect(timeliness({ due, submittedAt: '2018-04-11T10:00:00+08:00', today: '2018-05-01' })).toEqual({ status: 'late', daysLate: 1, deadline: due });
  });
  it('late by whole calendar days, not 24-hour spans', () => {
    expect(timeliness({ due, submittedAt: '2018-04-13T00:05:00+08:00', today: '2018-05-01' }).daysLate).toBe(3);
  });
  it('UTC+8 edge: 23:30 China time (15:30Z) on the due date is on time', () => {
    expect(timeliness({ due, submittedAt: '2018-04-10T15:30:00Z', today: '2018-04-11' }).status).toBe('on-time');
    expect(timeliness({ due, submittedAt: '2018-04-10T23:30:00+08:00', today: '2018-04-11' }).status).toBe('on-time');
    expect(timeliness({ due, submittedAt: '2018-04-10T23:59:59.999+08:00', today: '2018-04-11' }).status).toBe('on-time');
  });
  it('UTC+8 edge: 16:00Z on the due date is already the next day in China', () => {
    expect(timeliness({ due, submittedAt: '2018-04-10T16:00:00Z', today: '2018-04-11' })).toEqual({ status: 'late', daysLate: 1, deadline: due });
  });
  it('an extension moves the deadline', () => {
    expect(timeliness({ due, extendedDue: '2018-04-20', submittedAt: '2018-04-18T10:00:00+08:00', today: '2018-05-01' })).toEqual({
      status: 'on-time',
      daysLate: 0,
      deadline: '2018-04-20',
    });
    expect(timeliness({ due, extendedDue: '2018-04-20', submittedAt: '2018-04-22T10:00:00+08:00', today: '2018-05-01' })).toEqual({
      status: 'late',
      daysLate: 2,
      deadline: '2018-04-20',
    });
  });
  it('an "extension" earlier than the due date does not shorten it', () => {
    expect(timeliness({ due, extendedDue: '2018-04-05', submittedAt: '2018-04-08T10:00:00+08:00', today: '2018-05-01' }).status).toBe('on-time');
  });
  it('missing: no submission and the deadline has passed, with days overdue', () => {
    expect(timeliness({ due, submittedAt: null, today: '2018-04-15' })).toEqual({ status: 'missing', daysLate: 5, deadline: due });
    expect(timeliness({ due, extendedDue: '2018-04-12', today: '2018-04-15' })).toEqual({ status: 'missing', daysLate: 3, deadline: '2018-04-12' });
  });
  it('pending: no submission and not yet due (the due date itself included)', () => {
    expect(timeliness({ due, today: '2018-04-10' })).toEqual({ status: 'pending', daysLate: 0, deadline: due });
    expect(timeliness({ due, submittedAt: '', today: '2018-04-01' })).toEqual({ status: 'pending', daysLate: 0, deadline: due });
    expect(timeliness({ due, extendedDue: '2018-04-20', today: '2018-04-15' }).status).toBe('pending');
  });
  it('refuses a submission time without an offset (it would be read in the host zone)', () => {
    expect(() => timeliness({ due, submittedAt: '2018-04-10T23:30:00', today: '2018-05-01' })).toThrow(RangeError);
  });
});

describe('instants in China Standard Time', () => {
  it('parses offsets', () => {
    expect(parseInstant('2018-04-10T23:30+08:00')).toBe(Date.UTC(2018, 3, 10, 15, 30));
    expect(parseInstant('2018-04-10T23:30:00+0800')).toBe(Date.UTC(2018, 3, 10, 15, 30));
    expect(parseInstant('2018-04-10T15:30:00.123Z')).toBe(Date.UTC(2018, 3, 10, 15, 30, 0, 123));
    expect(parseInstant('2018-04-10T15:30:00')).toBeNull();
    expect(parseInstant('2018-02-30T15:30:00Z')).toBeNull();
  });
  it('gives the China calendar date', () => {
    expect(chinaDateOf('2018-12-31T16:00:00Z')).toBe('2019-01-01');
    expect(chinaDateOf('2018-12-31T15:59:59Z')).toBe('2018-12-31');
    expect(chinaDateOf('2018-12-31')).toBe('2018-12-31');
  });
});

describe('unitExistedIn', () => {
  const q1 = { due: '2018-04-10' };
  it('counts units that existed on the due date (bounds inclusive)', () => {
    expect(unitExistedIn({}, q1)).toBe(true);
    expect(unitExistedIn({ validFrom: null, validTo: null }, q1)).toBe(true);
    expect(unitExistedIn({ validFrom: '2018-04-10' }, q1)).toBe(true);
    expect(unitExistedIn({ validTo: '2018-04-10' }, q1)).toBe(true);
  });
  it('excludes units created after or abolished before the due date', () => {
    expect(unitExistedIn({ validFrom: '2018-04-11' }, q1)).toBe(false);
    expect(unitExistedIn({ validTo: '2018-04-09' }, q1)).toBe(false);
  });
});

describe('period codes', () => {
  it('labels quarters and years in Chinese', () => {
    expect(periodLabel('2018Q1')).toBe('2018年第一季度');
    expect(periodLabel('2018Q2')).toBe('2018年第二季度');
    expect(periodLabel('2018Q3')).toBe('2018年第三季度');
    expect(periodLabel('2018Q4')).toBe('2018年第四季度');
    expect(periodLabel('2018')).toBe('2018年度');
    expect(periodLabel('bogus')).toBe('bogus');
  });
  it('derives quarter ends and the default due date (10th day after the quarter)', () => {
    expect(quarterEnd('2018Q1')).toBe('2018-03-31');
    expect(quarterEnd('2018Q2')).toBe('2018-06-30');
    expect(defaultDueDate('2018Q1')).toBe('2018-04-10');
    expect(defaultDueDate('2018Q4')).toBe('2019-01-10');
  });
});
