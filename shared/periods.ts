import type { PeriodDef } from './scheme';

/**
 * Period arithmetic and timeliness. Pure: "today" is always passed in, never read from the clock.
 *
 * Calendar dates are 'YYYY-MM-DD' strings and are computed in UTC so the host's time zone never
 * matters. Instants (submission times) are converted to China Standard Time (UTC+8, no DST), the
 * zone every deadline of the plan is meant in.
 */

const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year round. */
const CHINA_OFFSET_MINUTES = 8 * 60;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a strict 'YYYY-MM-DD' calendar date; null when malformed or not a real day (2018-02-30). */
export function parseIsoDate(s: unknown): DateParts | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(s: unknown): s is string {
  return parseIsoDate(s) !== null;
}

function requireDate(s: string, what = '日期'): DateParts {
  const p = parseIsoDate(s);
  if (!p) throw new RangeError(`${what} ${JSON.stringify(s)} 不是有效的 YYYY-MM-DD 日期`);
  return p;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function toIso({ year, month, day }: DateParts): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function dayNumber(s: string): number {
  const p = requireDate(s);
  return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

/**
 * Adds n calendar months; a day that does not exist in the target month clamps to its last day
 * (2018-12-31 + 2 → 2019-02-28; 2020-01-31 + 1 → 2020-02-29). n may be negative.
 */
export function addMonths(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`月数 ${n} 应为整数`);
  const p = requireDate(isoDate);
  const total = p.year * 12 + (p.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return toIso({ year, month, day: Math.min(p.day, daysInMonth(year, month)) });
}

export function addDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`天数 ${n} 应为整数`);
  const d = new Date((dayNumber(isoDate) + n) * DAY_MS);
  return toIso({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Whole calendar days from a to b: positive when b is later (daysBetween('2018-04-10', '2018-04-11') = 1). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Epoch milliseconds of an ISO 8601 date-time that carries its offset ('Z', '+08:00', '+0800').
 * Returns null for anything else — including a date-time without an offset, which would be read in
 * the host's zone and silently shift a deadline by eight hours.
 */
export function parseInstant(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/.exec(s.trim());
  if (!m) return null;
  const date = parseIsoDate(m[1]);
  const hh = Number(m[2]);
  const mm = Number(m[3]);
  const ss = m[4] === undefined ? 0 : Number(m[4]);
  if (!date || hh > 23 || mm > 59 || ss > 59) return null;
  const ms = m[5] === undefined ? 0 : Math.floor(Number(`0.${m[5]}`) * 1000);
  let offsetMinutes = 0;
  const tz = m[6];
  if (tz !== 'Z' && tz !== 'z') {
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(date.year, date.month - 1, date.day, hh, mm, ss, ms) - offsetMinutes * 60_000;
}

interface ChinaDateTime extends DateParts {
  hour: number;
  minute: number;
  second: number;
  /** 'YYYY-MM-DD' in UTC+8. */
  date: string;
}

/** Wall-clock parts of an instant in China Standard Time; null when the string is not a valid instant. */
export function chinaDateTime(instant: string): ChinaDateTime | null {
  const t = parseInstant(instant);
  if (t === null) return null;
  const d = new Date(t + CHINA_OFFSET_MINUTES * 60_000);
  const parts = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  return { ...parts, hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), date: toIso(parts) };
}

/**
 * The calendar date (UTC+8) of a submission time. A bare 'YYYY-MM-DD' is taken as already being a
 * China calendar date (e.g. a date typed into an Excel import). Throws on anything else.
 */
export function chinaDateOf(instant: string): string {
  if (isIsoDate(instant)) return instant;
  const c = chinaDateTime(instant);
  if (!c) throw new RangeError(`时间 ${JSON.stringify(instant)} 不是带时区的 ISO 8601 时间`);
  return c.date;
}

export type PeriodStatus = 'not-open' | 'open' | 'overdue' | 'locked';

/**
 * Where a period stands on `today`. All three dates are inclusive days: the period is open from
 * `opens` through `due`, overdue (still accepting, but late) after `due` through `locks`, and locked
 * from the day after `locks`. (The scheme allows due = locks, so the lock date itself must still be
 * writable, or a report on its due date could not be filed.)
 */
export function periodStatus(period: Pick<PeriodDef, 'opens' | 'due' | 'locks'>, today: string): PeriodStatus {
  requireDate(today, '今天');
  if (today < requireIso(period.opens)) return 'not-open';
  if (today <= requireIso(period.due)) return 'open';
  if (today <= requireIso(period.locks)) return 'overdue';
  return 'locked';
}

/**
 * The period current on `day`: the first (by code) that has opened and is not locked, else the latest
 * that has opened, else the first. Undefined only when there are no periods.
 */
export function currentPeriod<P extends Pick<PeriodDef, 'code' | 'opens' | 'due' | 'locks'>>(periods: readonly P[], day: string): P | undefined {
  const all = [...periods].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const opened = all.filter((p) => p.opens <= day);
  const open = opened.filter((p) => periodStatus(p, day) !== 'locked');
  return open[0] ?? opened[opened.length - 1] ?? all[0];
}

function requireIso(s: string): string {
  requireDate(s);
  return s;
}

export type TimelinessStatus = 'on-time' | 'late' | 'missing' | 'pending';

interface TimelinessInput {
  due: string;
  /** An extension granted to the unit; it can only move the deadline later. */
  extendedDue?: string | null;
  /** First submission time, ISO 8601 with offset (or a bare China calendar date). */
  submittedAt?: string | null;
  today: string;
}

export interface Timeliness {
  status: TimelinessStatus;
  /** Late: whole calendar days after the deadline. Missing: days overdue as of today. Otherwise 0. */
  daysLate: number;
  /** The deadline actually applied (the extension when there is one). */
  deadline: string;
}

/**
 * Timeliness of one report. The deadline day is inclusive and is a China (UTC+8) calendar day: a
 * submission at 2018-04-10T23:30+08:00 (= 15:30Z) meets a 2018-04-10 deadline; one at
 * 2018-04-10T16:30Z (= 04-11 00:30 CST) is one day late.
 */
export function timeliness(input: TimelinessInput): Timeliness {
  const due = requireIso(input.due);
  const today = requireIso(input.today);
  const ext = input.extendedDue ? requireIso(input.extendedDue) : null;
  const deadline = ext && ext > due ? ext : due;
  const submittedAt = input.submittedAt?.trim();
  if (submittedAt) {
    const day = chinaDateOf(submittedAt);
    const late = daysBetween(deadline, day);
    return late > 0 ? { status: 'late', daysLate: late, deadline } : { status: 'on-time', daysLate: 0, deadline };
  }
  const overdue = daysBetween(deadline, today);
  return overdue > 0 ? { status: 'missing', daysLate: overdue, deadline } : { status: 'pending', daysLate: 0, deadline };
}

interface UnitValidity {
  /** First day the unit exists (inclusive); null = always. */
  validFrom?: string | null;
  /** Last day the unit exists (inclusive); null = still exists. */
  validTo?: string | null;
}

/**
 * A unit counts for a period if it existed on the period's due date (both bounds inclusive, as in
 * `org_units`). Only the date part of the bounds is used.
 */
export function unitExistedIn(unit: UnitValidity, period: Pick<PeriodDef, 'due'>): boolean {
  const due = requireIso(period.due);
  const from = unit.validFrom ? unit.validFrom.slice(0, 10) : null;
  const to = unit.validTo ? unit.validTo.slice(0, 10) : null;
  return (from === null || from <= due) && (to === null || due <= to);
}

const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;

/** '2018Q1' → { year: 2018, quarter: 1 }; null when the code is not a quarter code. */
export function parsePeriodCode(code: string): { year: number; quarter: 1 | 2 | 3 | 4 } | null {
  const m = /^(\d{4})Q([1-4])$/.exec(code);
  if (!m) return null;
  return { year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
}

/** '2018Q1' → '2018年第一季度'; '2018' → '2018年度'. Any other string is returned unchanged. */
export function periodLabel(code: string): string {
  const q = parsePeriodCode(code);
  if (q) return `${q.year}年${QUARTER_NAMES[q.quarter - 1]}`;
  if (/^\d{4}$/.test(code)) return `${code}年度`;
  return code;
}

/** Last day of the quarter: '2018Q1' → '2018-03-31'. */
export function quarterEnd(code: string): string {
  const q = parsePeriodCode(code);
  if (!q) throw new RangeError(`期次代码 ${JSON.stringify(code)} 应形如 2018Q1`);
  const month = q.quarter * 3;
  return toIso({ year: q.year, month, day: daysInMonth(q.year, month) });
}

/** The plan's default due date, the 10th day after the quarter ends: '2018Q1' → '2018-04-10'. */
export function defaultDueDate(code: string): string {
  return addDays(quarterEnd(code), 10);
}
