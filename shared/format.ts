/**
 * Number formatting for the Chinese interface (dates are formatted in `shared/dates.ts`). Lenient by
 * design: input that cannot be read is shown as '—' rather than throwing inside a table cell.
 */

/**
 * Rounds half away from zero to `digits` decimals and returns the fixed-point string. The product is
 * first cut to 15 significant digits so binary noise does not decide the rounding (1.005 → '1.01').
 */
export function toFixedHalfUp(value: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 10) throw new RangeError(`小数位数 ${digits} 应为 0–10 的整数`);
  const scale = 10 ** digits;
  const scaled = Number((Math.abs(value) * scale).toPrecision(15));
  const units = Math.floor(scaled + 0.5);
  if (!Number.isSafeInteger(units)) return value.toFixed(digits);
  const intPart = Math.floor(units / scale);
  const frac = units - intPart * scale;
  const sign = value < 0 && units !== 0 ? '-' : '';
  return digits === 0 ? `${sign}${intPart}` : `${sign}${intPart}.${String(frac).padStart(digits, '0')}`;
}

/** 0.875 → '87.5%'; null, NaN or ±Infinity → '—'. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${toFixedHalfUp(ratio * 100, digits)}%`;
}

/**
 * Integer hundredths as a two-decimal figure: 640 → '6.40', -5 → '-0.05'. Used for money in cents
 * and for scores kept as exact hundredths. A non-integer input is rounded half-up first.
 */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '—';
  const units = Number(toFixedHalfUp(cents, 0));
  const abs = Math.abs(units);
  const sign = units < 0 ? '-' : '';
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
