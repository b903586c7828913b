/**
 * Calendar dates and instants: the one home for date rules (server, client and the scoring engine).
 * Pure: "today" is always passed in, never read from the clock.
 *
 * Calendar dates are 'YYYY-MM-DD' strings and are computed in UTC so the host's time zone never
 * matters. Instants (submission times) are converted to China Standard Time (UTC+8, no DST), the
 * zone every deadline of the plan is meant in.
 */

/** Calendar dates as 'YYYY-MM-DD' strings. Zero-padded ISO dates compare correctly as strings. */
export type IsoDateString = string;

const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year round. */
const CHINA_OFFSET_MINUTES = 8 * 60;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar; arithmetic, no Date object (scoring checks dates 80,000 times a ranking). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict 'YYYY-MM-DD' calendar date; null when malformed or not a real day (2018-02-30). */
export function parseIsoDate(s: unknown): DateParts | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATE.exec(s);
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

export function requireDate(s: string, what = '日期'): DateParts {
  const p = parseIsoDate(s);
  if (!p) throw new RangeError(`${what} ${JSON.stringify(s)} 不是有效的 YYYY-MM-DD 日期`);
  return p;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** { year: 2018, month: 3, day: 31 } → '2018-03-31'. */
export function toIso({ year, month, day }: DateParts): string {
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

/** Today's calendar date in China (UTC+8) at the instant `now`. */
export function today(now: Date): IsoDateString {
  // The last answer is kept: one write asks several times for the same instant.
  const t = now.getTime();
  if (t !== lastToday.t) {
    lastToday.day = chinaDateOf(now.toISOString());
    lastToday.t = t;
  }
  return lastToday.day;
}
const lastToday: { t: number; day: IsoDateString } = { t: NaN, day: '' };

/** The instant (ISO 8601, UTC) at which a China calendar day begins: '2019-01-25' → '2019-01-24T16:00:00.000Z'. */
export function chinaDayStart(day: IsoDateString): string {
  const p = requireDate(day);
  return new Date(Date.UTC(p.year, p.month - 1, p.day) - CHINA_OFFSET_MINUTES * 60_000).toISOString();
}

/**
 * Started months late (不足一个月按一个月计): 0 when done ≤ deadline, else the smallest k ≥ 1
 * with done ≤ deadline + k months. Deadline 2018-12-31: 2019-01-31 → 1, 2019-02-01 → 2.
 */
export function monthsLate(deadline: IsoDateString, done: IsoDateString): number {
  const a = requireDate(deadline);
  const b = requireDate(done);
  if (done <= deadline) return 0;
  // deadline + (diff − 1) months lies in the month before `done`, so the answer is at least diff.
  let k = Math.max(1, (b.year - a.year) * 12 + (b.month - a.month));
  while (done > addMonths(deadline, k)) k++;
  return k;
}

/** '2018-12-31' → '2018年12月31日'; '2019-01-05' → '2019年1月5日' (no zero padding, as in official documents). */
export function formatDateZh(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const p = parseIsoDate(isoDate);
  if (!p) return isoDate;
  return `${p.year}年${p.month}月${p.day}日`;
}

/** '2018-04-10T15:30:00Z' → '2018年4月10日 23:30' (China Standard Time, UTC+8). */
export function formatDateTimeZh(iso: string | null | undefined): string {
  if (!iso) return '';
  const c = chinaDateTime(iso);
  if (!c) return iso;
  return `${c.year}年${c.month}月${c.day}日 ${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
}
