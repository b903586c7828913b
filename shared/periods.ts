/** Reporting periods: where a period stands, timeliness, which units count, the current period, codes. */
import type { PeriodDef } from './scheme';
import { addDays, chinaDateOf, daysBetween, daysInMonth, requireDate, toIso } from './dates';

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
