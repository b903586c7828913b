import { describe, expect, it } from 'vitest';
import { formatCents, formatPercent, toFixedHalfUp } from './format';
import { formatDateTimeZh, formatDateZh } from './dates';

describe('formatDateZh', () => {
  it('writes dates the Chinese way', () => {
    expect(formatDateZh('2018-12-31')).toBe('2018年12月31日');
    expect(formatDateZh('2019-01-05')).toBe('2019年1月5日');
  });
  it('is lenient with empty or unreadable input', () => {
    expect(formatDateZh(null)).toBe('');
    expect(formatDateZh('')).toBe('');
    expect(formatDateZh('2018-02-30')).toBe('2018-02-30');
  });
});

describe('formatDateTimeZh', () => {
  it('shows the time in China Standard Time', () => {
    expect(formatDateTimeZh('2018-04-10T15:30:00Z')).toBe('2018年4月10日 23:30');
    expect(formatDateTimeZh('2018-12-31T16:05:00.000Z')).toBe('2019年1月1日 00:05');
    expect(formatDateTimeZh('2018-04-10T09:07:00+08:00')).toBe('2018年4月10日 09:07');
  });
  it('is lenient with empty or unreadable input', () => {
    expect(formatDateTimeZh(undefined)).toBe('');
    expect(formatDateTimeZh('yesterday')).toBe('yesterday');
  });
});

describe('formatPercent', () => {
  it('formats ratios as percentages', () => {
    expect(formatPercent(0.875)).toBe('87.5%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(formatPercent(2 / 3, 2)).toBe('66.67%');
    expect(formatPercent(0.5, 0)).toBe('50%');
    expect(formatPercent(-0.125)).toBe('-12.5%');
  });
  it('rounds half up despite binary noise', () => {
    expect(formatPercent(0.01005, 2)).toBe('1.01%');
    expect(formatPercent(0.0005)).toBe('0.1%');
    expect(toFixedHalfUp(1.005, 2)).toBe('1.01');
    expect(toFixedHalfUp(-0.0001, 2)).toBe('0.00');
  });
  it('shows a dash when there is no ratio', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatCents', () => {
  it('writes hundredths with two decimals', () => {
    expect(formatCents(640)).toBe('6.40');
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(10000)).toBe('100.00');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(123456789)).toBe('1234567.89');
  });
  it('rounds a fractional input half up', () => {
    expect(formatCents(640.5)).toBe('6.41');
  });
});
