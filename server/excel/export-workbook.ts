/**
 * Formatted, printable workbooks written with exceljs's streaming writer
 * (ExcelJS.stream.xlsx.WorkbookWriter): rows are committed one by one and the writer waits when the
 * response cannot take more, so memory stays flat as rows grow.
 *
 * Every sheet: a merged title row, a subtitle row, one header row (frozen, repeated on each printed
 * page), column widths that fit Chinese text, number formats, A4 landscape fitted to one page wide.
 *
 * Text is always written as a (shared) string cell: a value beginning with = + - @ stays text and
 * never becomes a formula. Hyperlinks are made only for http(s) addresses.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ColumnFormat = 'text' | 'number' | 'integer' | '0.00' | '0.0%' | 'date' | 'datetime' | 'signed';

export type CellInput = string | number | boolean | null | undefined | Date | { text: string; hyperlink: string };

export interface SheetColumn {
  key: string;
  title: string;
  format?: ColumnFormat;
  /** Character width; computed from the content when omitted. */
  width?: number;
  /** Wrap long text (widths are capped). */
  wrap?: boolean;
}

export interface SheetSpec {
  name: string;
  title: string;
  subtitle?: string;
  columns: SheetColumn[];
  rows: Iterable<Record<string, CellInput>>;
  /** Left columns frozen besides the header rows. */
  freezeColumns?: number;
  /** Background colour (ARGB) of a cell, e.g. by status. */
  fill?: (row: Record<string, CellInput>, key: string) => string | undefined;
  /** A row that is a section label: written merged across the sheet, bold. */
  sectionLabel?: (row: Record<string, CellInput>) => string | undefined;
  /** Bold rows (totals). */
  bold?: (row: Record<string, CellInput>) => boolean;
}

export const NUM_FMT: Record<ColumnFormat, string | undefined> = {
  text: '@',
  number: '#,##0.##########',
  integer: '0',
  '0.00': '0.00',
  '0.0%': '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  signed: '+0.00;-0.00;0.00',
};

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FONT = '宋体';
const HEADER_ROWS = 3;
const MAX_CELL_TEXT = 32767;

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  left: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  bottom: { style: 'thin', color: { argb: 'FFA6A6A6' } },
  right: { style: 'thin', color: { argb: 'FFA6A6A6' } },
};

/**
 * Text safe for a cell: characters XML 1.0 forbids (they would corrupt the file) removed, lone
 * surrogates dropped, cut at Excel's 32,767 characters.
 */
export function sanitizeSheetText(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  return clean.length > MAX_CELL_TEXT ? clean.slice(0, MAX_CELL_TEXT) : clean;
}

/** Usable width of A4 landscape (297 mm) with 0.4-inch side margins, in pixels of Excel's column unit. */
export const PRINT_WIDTH_PX = 1040;
export const PRINT_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.55, header: 0.25, footer: 0.25 };
/** Pixels of a column `w` characters wide (Excel: 7 px per character plus 5 px padding). */
export function columnPx(w: number): number {
  return Math.trunc(w * 7 + 5);
}

/** Display width of text in Excel character units: CJK characters count double. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

/** Lines a text takes in a column `w` characters wide at `size` pt (Excel widths are measured at 11 pt). */
export function linesIn(text: string, w: number, size: number): number {
  const perLine = Math.max(1, (w - 1) * (11 / size));
  return String(text)
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / perLine)), 0);
}

/** A row height (pt) that shows every wrapped cell in full. */
export function rowHeightFor(cells: { text: string; width: number; size: number }[], min = 20): number {
  const needed = Math.max(...cells.map((c) => linesIn(c.text, c.width, c.size) * c.size * 1.45 + 6), min);
  return Math.min(409, Math.ceil(needed));
}

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(s) && s.length <= 2000;
}

function isoDateToUtc(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (!m) return null;
  if (!m[4]) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  // An instant: shown in China Standard Time.
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  return new Date(t + 8 * 3600 * 1000);
}

/**
 * The exceljs value of an input for a column format. Strings never turn into formulas: exceljs only
 * writes a formula for `{ formula }` objects, and those are never built here.
 */
export function cellValueFor(v: CellInput, format: ColumnFormat = 'text'): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const text = sanitizeSheetText(String(v.text ?? ''));
    const link = String(v.hyperlink ?? '');
    return isHttpUrl(link) ? { text: text || link, hyperlink: link } : text;
  }
  if (typeof v === 'boolean') return format === 'text' ? (v ? '是' : '否') : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    return format === 'text' ? String(v) : v;
  }
  const s = sanitizeSheetText(v);
  if (format === 'date' || format === 'datetime') return isoDateToUtc(s) ?? s;
  if (format !== 'text') {
    const t = s.trim();
    if (/^-?\d+(\.\d+)?$/.test(t) && t.length <= 16) return Number(t);
  }
  return s;
}

function textOf(v: ExcelJS.CellValue, format: ColumnFormat): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return format === 'datetime' ? '2018-12-31 23:59' : '2018-12-31';
  if (typeof v === 'number') return format === '0.0%' ? '100.0%' : format === '0.00' || format === 'signed' ? `${v.toFixed(2)}+` : String(v);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

/** Column widths from the title and a sample of values (CJK counts double), capped. */
export function fitWidths(columns: SheetColumn[], rows: Record<string, CellInput>[], sample = 2000): number[] {
  return columns.map((c) => {
    if (c.width) return c.width;
    let w = displayWidth(c.title);
    for (let i = 0; i < rows.length && i < sample; i++) {
      const t = textOf(cellValueFor(rows[i][c.key], c.format), c.format ?? 'text');
      for (const line of t.split('\n')) w = Math.max(w, displayWidth(line));
    }
    return Math.min(c.wrap ? 40 : 60, Math.max(6, w + 2));
  });
}

interface CellLook {
  numFmt?: string;
  bold: boolean;
  link: boolean;
  right: boolean;
  wrap: boolean;
  fill?: string;
}

/** Complete, never-mutated style objects by look. */
class StyleCache {
  private map = new Map<string, Partial<ExcelJS.Style>>();
  get(look: CellLook): Partial<ExcelJS.Style> {
    const key = `${look.numFmt ?? ''}|${look.bold ? 1 : 0}${look.link ? 1 : 0}${look.right ? 1 : 0}${look.wrap ? 1 : 0}|${look.fill ?? ''}`;
    let style = this.map.get(key);
    if (!style) {
      style = {
        font: look.link ? { name: FONT, size: 10, color: { argb: 'FF0563C1' }, underline: true } : { name: FONT, size: 10, bold: look.bold },
        border: THIN,
        alignment: { vertical: 'middle', horizontal: look.right ? 'right' : 'left', wrapText: look.wrap },
        ...(look.numFmt ? { numFmt: look.numFmt } : {}),
        ...(look.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: look.fill } } } : {}),
      };
      this.map.set(key, style);
    }
    return style;
  }
}

/** Lets the response drain before more rows are produced. */
async function breathe(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('export stream closed');
  if (out.writableNeedDrain) {
    const ac = new AbortController();
    try {
      await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]);
    } finally {
      ac.abort();
    }
    if (out.destroyed) throw new Error('export stream closed');
  } else await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Up to this many data rows, text goes to the shared-strings table (the usual form). Beyond it, text
 * is written as inline strings: the shared-strings table grows with every distinct text and is
 * built in memory when the workbook is committed (≈ 120 MB at 50,000 rows of distinct text),
 * while inline strings keep memory flat. Both are text cells (`t="s"` / `t="inlineStr"`), never
 * formulas.
 */
export const SHARED_STRINGS_MAX_ROWS = 10_000;

export interface ExportTarget {
  wb: ExcelJS.stream.xlsx.WorkbookWriter;
  out: Writable;
  inlineStrings: boolean;
}

export function newWorkbookWriter(out: Writable, opts: { inlineStrings?: boolean } = {}): ExportTarget {
  const inlineStrings = opts.inlineStrings ?? false;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: !inlineStrings });
  wb.creator = '政务公开考核系统';
  wb.created = new Date();
  return { wb, out, inlineStrings };
}

/** Writes one sheet row by row and commits it. */
export async function writeSheet(target: ExportTarget, spec: SheetSpec): Promise<number> {
  const { wb, out } = target;
  /** Text as an inline string: exceljs writes `t="inlineStr"` only for rich text. */
  const text = (v: ExcelJS.CellValue): ExcelJS.CellValue => (target.inlineStrings && typeof v === 'string' ? { richText: [{ text: v }] } : v);
  const cols = spec.columns;
  const n = cols.length;
  const rows = Array.isArray(spec.rows) ? (spec.rows as Record<string, CellInput>[]) : null;
  const widths = fitWidths(cols, rows ?? []);
  // A sheet wider than A4 landscape is not shrunk to fit (27 columns would print at about 5 pt): it
  // prints at 100 % across several pages, the frozen unit columns repeated on each.
  const totalPx = widths.reduce((a, w) => a + columnPx(w), 0);
  const frozen = spec.freezeColumns ?? 0;
  const split = totalPx > PRINT_WIDTH_PX / 0.9; // shrinking a 10 pt body to 90 % still prints at 9 pt
  const ws = wb.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: frozen, ySplit: HEADER_ROWS }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      ...(split ? { fitToPage: false, scale: 100, pageOrder: 'overThenDown' as const } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
      printTitlesRow: `1:${HEADER_ROWS}`,
      ...(split && frozen > 0 ? { printTitlesColumn: `A:${String.fromCharCode(64 + frozen)}` } : {}),
      horizontalCentered: !split,
      margins: PRINT_MARGINS,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    properties: { defaultRowHeight: 18 },
  });
  ws.columns = cols.map((c, i) => ({ key: c.key, width: widths[i] }));

  const title = ws.getRow(1);
  title.getCell(1).value = text(sanitizeSheetText(spec.title));
  title.getCell(1).font = { name: FONT, size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  if (n > 1) ws.mergeCells(1, 1, 1, n);
  title.commit();

  const sub = ws.getRow(2);
  sub.getCell(1).value = text(sanitizeSheetText(spec.subtitle ?? ''));
  sub.getCell(1).font = { name: FONT, size: 10, color: { argb: 'FF404040' } };
  sub.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sub.height = 20;
  if (n > 1) ws.mergeCells(2, 1, 2, n);
  sub.commit();

  const head = ws.getRow(3);
  cols.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = text(sanitizeSheetText(c.title));
    cell.font = { name: FONT, size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  head.height = rowHeightFor(cols.map((c, i) => ({ text: c.title, width: widths[i], size: 11 })), 20);
  head.commit();

  const styles = new StyleCache();
  let r = HEADER_ROWS + 1;
  let written = 0;
  for (const data of spec.rows) {
    const row = ws.getRow(r);
    const label = spec.sectionLabel?.(data);
    if (label !== undefined) {
      const cell = row.getCell(1);
      cell.value = text(sanitizeSheetText(label));
      cell.font = { name: FONT, size: 11, bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
      cell.border = THIN;
      if (n > 1) ws.mergeCells(r, 1, r, n);
      row.height = 20;
    } else {
      const bold = spec.bold?.(data) ?? false;
      const wrapped: { text: string; width: number; size: number }[] = [];
      cols.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        const format = c.format ?? 'text';
        const value = cellValueFor(data[c.key], format);
        cell.value = text(value);
        const isLink = typeof value === 'object' && value !== null && 'hyperlink' in value;
        const numeric = typeof value === 'number' || value instanceof Date;
        const numFmt = isLink ? undefined : typeof value === 'string' ? '@' : NUM_FMT[format];
        // One shared style object per combination: exceljs then registers each style once.
        cell.style = styles.get({ numFmt, bold, link: isLink, right: numeric, wrap: c.wrap ?? false, fill: spec.fill?.(data, c.key) });
        const shown = typeof value === 'string' ? value : isLink ? String((value as ExcelJS.CellHyperlinkValue).text) : null;
        if (c.wrap && shown) wrapped.push({ text: shown, width: widths[i], size: 10 });
      });
      if (wrapped.length) row.height = rowHeightFor(wrapped, 18);
    }
    row.commit();
    r++;
    written++;
    if (written % 200 === 0) await breathe(out);
  }
  ws.commit();
  await breathe(out);
  return written;
}

export interface TableSpec {
  title: string;
  subtitle?: string;
  sheetName?: string;
  columns: SheetColumn[];
  rows: Record<string, CellInput>[];
}

/** A sheet name Excel accepts: no []:*?/\\, at most 31 characters, not empty. */
export function safeSheetName(s: string): string {
  const clean = s.replace(/[[\]:*?/\\]/g, '').replace(/^'+|'+$/g, '').trim();
  return (clean || '数据').slice(0, 31);
}

/** One generic formatted table as a workbook, streamed to `out`. */
export async function writeTableWorkbook(out: Writable, spec: TableSpec): Promise<void> {
  const target = newWorkbookWriter(out, { inlineStrings: spec.rows.length > SHARED_STRINGS_MAX_ROWS });
  await writeSheet(target, {
    name: safeSheetName(spec.sheetName ?? spec.title),
    title: spec.title,
    subtitle: spec.subtitle,
    columns: spec.columns,
    rows: spec.rows,
    freezeColumns: 0,
  });
  await target.wb.commit();
}

/** What a streaming writer writes, as one buffer (for small workbooks handed out whole). */
export async function collectBuffer(fn: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await fn(out);
  await done;
  return Buffer.concat(chunks);
}
