import { toFixedHalfUp } from '../../../shared/format';

/** How a column's values are read, shown and exported. */
export type ColumnKind = 'text' | 'int' | 'decimal' | 'percent' | 'score';

export type CellValue = string | number | null;
export type DataRow = Record<string, CellValue>;

export interface DataColumn {
  key: string;
  title: string;
  kind?: ColumnKind;
  /** Unit shown after numbers on screen and in the Excel header (e.g. 套, 户). */
  unit?: string;
  /** Screen width in px (the Excel width is fitted to the content). */
  width?: number;
}

const INT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Percent values are percentages (96.2 = 96.2%), scores are points (87.5). */
export function formatValue(v: CellValue | undefined, kind: ColumnKind = 'text', unit?: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '—';
  const u = unit ? ` ${unit}` : '';
  switch (kind) {
    case 'int':
      return `${INT.format(v)}${u}`;
    case 'percent':
      return `${toFixedHalfUp(v, 1)}%`;
    case 'score':
      return `${toFixedHalfUp(v, 2)}${unit ? u : ' 分'}`;
    case 'decimal':
      return `${toFixedHalfUp(v, 2)}${u}`;
    default:
      return `${v}${u}`;
  }
}

/** A number with thousands separators: 26535 → 26,535. */
export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : INT.format(n);
}

/** A percentage (0…100) with one decimal: 96.2 → 96.2%. */
export function formatPct(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '—' : `${toFixedHalfUp(p, 1)}%`;
}

/** Display width of text in character cells: CJK and full-width characters count double. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x2e80 && c <= 0xffef ? 2 : 1;
  }
  return w;
}
