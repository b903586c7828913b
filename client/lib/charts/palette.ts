/**
 * Colours for charts that stay readable for colour-blind readers and on a black-and-white printer.
 * Colour is never the only carrier of meaning: series also differ by pattern, dash or marker, and
 * tiles and cells print their value or a symbol.
 */

/** Okabe–Ito categorical palette (blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black). */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Named Okabe–Ito colours for fixed meanings. */
export const OI = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  purple: '#CC79A7',
  sky: '#56B4E9',
  vermillion: '#D55E00',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/** Line styles to go with the categorical colours (distinct in greyscale print). */
export const DASHES = ['0', '6 3', '2 3', '8 3 2 3', '12 4'] as const;

/**
 * A single-hue sequential scale (ColorBrewer Blues, 5 classes): lightness rises monotonically, so
 * it reads in greyscale and for every colour-vision deficiency. Dark classes take white text (the fourth class is
 * Blues' #2171b5 rather than #3182bd so that white text reaches 4.5:1).
 */
export const SEQUENTIAL = ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5', '#08519c'] as const;
export const NO_DATA_COLOR = '#f0f0f0';

/** Text colour with enough contrast on a sequential class. */
export function textOn(color: string): string {
  return color === SEQUENTIAL[3] || color === SEQUENTIAL[4] ? '#ffffff' : '#1f1f1f';
}

export interface ScaleClass {
  color: string;
  label: string;
  /** Inclusive lower bound (null = open). */
  min: number | null;
}

/**
 * Classes for a 0…100 measure (percent or points), aligned with the grade thresholds:
 * below 60, 60–80, 80–90, 90–100 and exactly 100 (full / complete).
 */
export function classesFor(unit: '%' | '分'): ScaleClass[] {
  const u = unit === '%' ? '%' : ' 分';
  return [
    { color: SEQUENTIAL[0], label: `低于 60${u}`, min: null },
    { color: SEQUENTIAL[1], label: `60–80${u}`, min: 60 },
    { color: SEQUENTIAL[2], label: `80–90${u}`, min: 80 },
    { color: SEQUENTIAL[3], label: `90–100${u}`, min: 90 },
    { color: SEQUENTIAL[4], label: unit === '%' ? '100%（全部完成）' : '100 分（满分）', min: 100 },
  ];
}

/** The class a value falls in, or null when there is no value. */
export function classOf(value: number | null | undefined, classes: ScaleClass[]): ScaleClass | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  let pick = classes[0];
  for (const c of classes) if (c.min === null || value >= c.min) pick = c;
  return pick;
}

/** Status colours (done / late / not done) from Okabe–Ito; always shown with a symbol and a word. */
export const STATUS_STYLE = {
  done: { color: OI.green, background: '#e3f4ee', symbol: '✓', label: '已完成' },
  late: { color: '#9a6700', background: '#fdf1d6', symbol: '△', label: '逾期完成' },
  'not-done': { color: OI.vermillion, background: '#fbe6dc', symbol: '✗', label: '未完成' },
  'n/a': { color: '#8c8c8c', background: 'transparent', symbol: '—', label: '不适用' },
} as const;
export type StatusKey = keyof typeof STATUS_STYLE;
