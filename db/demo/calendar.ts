import type { Rng } from './prng';
import { addDays, chinaDateOf, daysBetween } from '../../shared/dates';

/**
 * Working days of the Chinese public calendar in the story's window (2018 – January 2019): the
 * statutory holidays and the weekend days worked in exchange (调休上班).
 */
const HOLIDAYS = new Set<string>([
  '2018-01-01',
  '2018-02-15', '2018-02-16', '2018-02-19', '2018-02-20', '2018-02-21',
  '2018-04-05', '2018-04-06',
  '2018-04-30', '2018-05-01',
  '2018-06-18',
  '2018-09-24',
  '2018-10-01', '2018-10-02', '2018-10-03', '2018-10-04', '2018-10-05',
  '2018-12-31', '2019-01-01',
]);
const WORKED_WEEKENDS = new Set<string>(['2018-02-11', '2018-02-24', '2018-04-08', '2018-04-28', '2018-09-29', '2018-09-30', '2018-12-29']);

export function isWorkday(day: string): boolean {
  if (HOLIDAYS.has(day)) return false;
  if (WORKED_WEEKENDS.has(day)) return true;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export function nextWorkday(day: string): string {
  let d = day;
  while (!isWorkday(d)) d = addDays(d, 1);
  return d;
}

export function prevWorkday(day: string): string {
  let d = day;
  while (!isWorkday(d)) d = addDays(d, -1);
  return d;
}

const MINUTE = 60_000;

/** Epoch ms of a China (UTC+8) wall-clock time on a day. */
export function chinaInstant(day: string, hour: number, minute: number): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d, hour - 8, minute);
}

/** The China calendar day of an instant. */
export function chinaDay(ms: number): string {
  return chinaDateOf(new Date(ms).toISOString());
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A time in office hours (08:40–17:30 China time) on `day`, strictly after `notBefore` when that
 * falls on the same day (then 15–75 minutes after it).
 */
export function officeTime(rng: Rng, day: string, notBefore?: number, window: [number, number] = [8 * 60 + 40, 17 * 60 + 30]): number {
  const minutes = rng.int(window[0], window[1] - 1);
  let t = chinaInstant(day, 0, minutes);
  if (notBefore !== undefined && t <= notBefore) {
    if (chinaDay(notBefore) > day) throw new Error(`演示数据时间线错误：${day} 早于前一操作`);
    t = notBefore + rng.int(15, 75) * MINUTE;
  }
  return t;
}

/** A working day `min`–`max` calendar days after `day` (pushed to the next working day). */
export function workdayAfter(rng: Rng, day: string, min: number, max: number): string {
  return nextWorkday(addDays(day, rng.int(min, max)));
}

export { addDays, daysBetween };
