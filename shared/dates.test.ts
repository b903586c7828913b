import { describe, expect, it } from 'vitest';
import { addMonths, chinaDayStart, daysInMonth, formatDateZh, isIsoDate, monthsLate, today } from './dates';

describe('addMonths', () => {
  it('clamps to the end of shorter months', () => {
    expect(addMonths('2018-12-31', 2)).toBe('2019-02-28');
    expect(addMonths('2018-12-31', 1)).toBe('2019-01-31');
    expect(addMonths('2019-12-31', 2)).toBe('2020-02-29');
    expect(addMonths('2018-03-31', 1)).toBe('2018-04-30');
    expect(addMonths('2018-11-15', 3)).toBe('2019-02-15');
  });
});

describe('monthsLate', () => {
  it('is 0 on or before the deadline', () => {
    expect(monthsLate('2018-12-31', '2018-12-31')).toBe(0);
    expect(monthsLate('2018-12-31', '2018-06-01')).toBe(0);
  });
  it('counts a started month as a month', () => {
    expect(monthsLate('2018-12-31', '2019-01-01')).toBe(1);
    expect(monthsLate('2018-12-31', '2019-01-05')).toBe(1);
    expect(monthsLate('2018-12-31', '2019-01-31')).toBe(1);
    expect(monthsLate('2018-12-31', '2019-02-01')).toBe(2);
    expect(monthsLate('2018-12-31', '2019-02-28')).toBe(2);
    expect(monthsLate('2018-12-31', '2019-03-01')).toBe(3);
    expect(monthsLate('2018-12-31', '2019-03-31')).toBe(3);
    expect(monthsLate('2018-01-31', '2018-03-01')).toBe(2); // 01-31 + 1 month = 02-28
    expect(monthsLate('2018-03-31', '2018-06-15')).toBe(3);
    expect(monthsLate('2018-12-31', '2020-01-01')).toBe(13);
  });
});

describe('dates', () => {
  it('validates and formats', () => {
    expect(isIsoDate('2019-02-29')).toBe(false);
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2018/12/31')).toBe(false);
    expect(formatDateZh('2018-12-31')).toBe('2018年12月31日');
    expect(formatDateZh('2019-02-01')).toBe('2019年2月1日');
  });
});

describe('China calendar days', () => {
  it('today is the China (UTC+8) date of the instant', () => {
    expect(today(new Date('2019-01-24T15:59:59.999Z'))).toBe('2019-01-24');
    expect(today(new Date('2019-01-24T16:00:00.000Z'))).toBe('2019-01-25');
  });
  it('a China day starts at 16:00 UTC the day before', () => {
    expect(chinaDayStart('2019-01-25')).toBe('2019-01-24T16:00:00.000Z');
    expect(chinaDayStart('2018-03-01')).toBe('2018-02-28T16:00:00.000Z');
    expect(() => chinaDayStart('2018-02-30')).toThrow(RangeError);
  });
});

describe('daysInMonth', () => {
  it('agrees with the calendar for every month of 1900–2400 (leap years by the Gregorian rule)', () => {
    for (let year = 1900; year <= 2400; year++) {
      for (let month = 1; month <= 12; month++) expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
    }
    expect([daysInMonth(2000, 2), daysInMonth(1900, 2), daysInMonth(2024, 2), daysInMonth(2018, 2)]).toEqual([29, 28, 29, 28]);
  });
});
