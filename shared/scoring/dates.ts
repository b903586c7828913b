/** Calendar dates as 'YYYY-MM-DD' strings. Zero-padded ISO dates compare correctly as strings. */
export type IsoDateString = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface YMD {
  y: number;
  m: number;
  d: number;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parses a real calendar date, or null (2019-02-29 and 2018-13-01 are null). */
export function parseIsoDate(s: string): YMD | null {
  const match = ISO.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isIsoDate(s: unknown): s is IsoDateString {
  return typeof s === 'string' && parseIsoDate(s) !== null;
}

function mustParse(s: string): YMD {
  const p = parseIsoDate(s);
  if (!p) throw new RangeError(`日期无效: ${s}`);
  return p;
}

function format({ y, m, d }: YMD): IsoDateString {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** date + k calendar months; a day past the new month's end clamps (2018-12-31 + 2 → 2019-02-28). */
export function addMonths(date: IsoDateString, k: number): IsoDateString {
  const { y, m, d } = mustParse(date);
  const idx = y * 12 + (m - 1) + k;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/**
 * Started months late (不足一个月按一个月计): 0 when done ≤ deadline, else the smallest k ≥ 1
 * with done ≤ deadline + k months. Deadline 2018-12-31: 2019-01-31 → 1, 2019-02-01 → 2.
 */
export function monthsLate(deadline: IsoDateString, done: IsoDateString): number {
  const a = mustParse(deadline);
  const b = mustParse(done);
  if (done <= deadline) return 0;
  // deadline + (diff − 1) months lies in the month before `done`, so the answer is at least diff.
  let k = Math.max(1, (b.y - a.y) * 12 + (b.m - a.m));
  while (done > addMonths(deadline, k)) k++;
  return k;
}

/** 2018-12-31 → 2018年12月31日 (the interface's date form). */
export function formatDateZh(date: IsoDateString): string {
  const p = parseIsoDate(date);
  return p ? `${p.y}年${p.m}月${p.d}日` : date;
}
