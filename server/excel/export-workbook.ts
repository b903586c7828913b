/**
 * Formatted, printable workbooks written with exceljs's streaming writer
 * (ExcelJS.stream.xlsx.WorkbookWriter): rows are committed one by one and the writer waits when the
 * zip or the response cannot take more (`breathe`), so memory stays flat as rows grow.
 *
 * Every sheet: a merged title row, a subtitle row, one header row (frozen, repeated on each printed
 * page), column widths that fit Chinese text, number formats, A4 landscape fitted to one page wide.
 *
 * Text is always written as a (shared) string cell: a value beginning with = + - @ stays text and
 * never becomes a formula. Hyperlinks are made only for http(s) addresses.
 */
import { createRequire } from 'node:module';
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
/** The style of every data row (the cells carry the looks); never mutated. */
const ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
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
  // One test first: almost every text has none of these characters.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/.test(s)) return s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT) : s;
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

/** What a data cell holds, for its look: text, a number or date, a link, or nothing (or a boolean). */
const enum Kind {
  Text = 0,
  Numeric = 1,
  Link = 2,
  Other = 3,
}

/**
 * The style of a data cell by column, kind and boldness, looked up in an array (no key string per
 * cell); cells with a fill go through the StyleCache by look. Both hand out the same objects.
 */
class ColumnStyles {
  private fast: (Partial<ExcelJS.Style> | undefined)[] = [];
  constructor(
    private cols: SheetColumn[],
    private cache = new StyleCache(),
  ) {}
  private look(col: number, kind: Kind, bold: boolean, fill: string | undefined): CellLook {
    const c = this.cols[col];
    const numFmt = kind === Kind.Link ? undefined : kind === Kind.Text ? '@' : NUM_FMT[c.format ?? 'text'];
    return { numFmt, bold, link: kind === Kind.Link, right: kind === Kind.Numeric, wrap: c.wrap ?? false, fill };
  }
  get(col: number, kind: Kind, bold: boolean, fill: string | undefined): Partial<ExcelJS.Style> {
    if (fill) return this.cache.get(this.look(col, kind, bold, fill));
    const k = col * 8 + kind * 2 + (bold ? 1 : 0);
    return (this.fast[k] ??= this.cache.get(this.look(col, kind, bold, undefined)));
  }
}

/**
 * The worksheet's XML waiting for the zip. exceljs writes each committed row into the sheet's
 * stream, which archiver reads through a PassThrough it pipes the stream into; nothing pushes back
 * on the writer, so when rows are produced faster than zlib compresses them the XML piles up
 * there (off the V8 heap). This reads that PassThrough (exceljs 4 internals, checked by a test).
 */
interface SheetPipe {
  destroyed?: boolean;
  _writableState: { length: number };
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

/** The PassThrough (readable-stream 2, archiver's) between the sheet's stream and the zip. */
export function sheetPipe(ws: ExcelJS.Worksheet): SheetPipe | null {
  const stream = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream;
  const pipe = stream?.pipes?.[0] as Partial<SheetPipe> | undefined;
  return pipe && typeof pipe._writableState?.length === 'number' && typeof pipe.once === 'function' ? (pipe as SheetPipe) : null;
}

/** Bytes of the sheet's XML written but not yet taken by the zip. */
export function sheetBacklog(pipe: SheetPipe): number {
  return pipe._writableState.length;
}

/** Sheet XML (bytes) allowed to wait for the zip before the writer stops producing rows. */
export const SHEET_BACKLOG_BYTES = 4 * 1024 * 1024;

function onceEither(a: SheetPipe | Writable, aEvent: 'drain' | 'close', b: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      a.removeListener(aEvent, done);
      b.removeListener('close', done);
      resolve();
    };
    a.once(aEvent, done);
    b.once('close', done);
  });
}

/**
 * Lets the zip and the response catch up before more rows are produced (drain-aware on both sides):
 * waits while the sheet's XML waiting for the zip exceeds SHEET_BACKLOG_BYTES, then while the
 * response asks for a drain; otherwise yields once to the event loop.
 */
export async function breathe(out: Writable, sheet: SheetPipe | null = null): Promise<void> {
  if (out.destroyed) throw new Error('export stream closed');
  let waited = false;
  if (sheet && !sheet.destroyed && sheetBacklog(sheet) > SHEET_BACKLOG_BYTES) {
    await onceEither(sheet, 'drain', out);
    waited = true;
    if (out.destroyed) throw new Error('export stream closed');
  }
  if (out.writableNeedDrain) {
    await onceEither(out, 'drain', out);
    waited = true;
    if (out.destroyed) throw new Error('export stream closed');
  }
  if (!waited) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Inline strings. exceljs writes an inline string only for rich text, as `<is><r><t>…</t></r></is>`
 * (a one-run rich text); a plain `<is><t>…</t></is>` is the same text cell with a third less XML
 * to build, compress and check. A text carrying the INLINE_TEXT mark is written that way by a small
 * wrapper around exceljs's cell renderer, installed once per process by the first writer with
 * inline strings (a process that never makes one, like the bench's raw writer, renders exactly as
 * exceljs does). The `<t>` uses exceljs's own escaping (`xmlEncode`) and TextXform's
 * xml:space="preserve" rule. Unmarked cells render as before, and a marked one still is a valid
 * one-run rich text to any exceljs code that reads `richText`.
 */
const INLINE_TEXT = Symbol.for('zwgk.export.inlineText');

class InlineText {
  readonly [INLINE_TEXT] = true;
  constructor(readonly text: string) {}
  get richText(): ExcelJS.RichText[] {
    return [{ text: this.text }];
  }
}

interface XmlStreamLike {
  writeXml(xml: string): void;
}
interface CellModelLike {
  address: string;
  styleId?: number;
  ssId?: number;
  value?: unknown;
}
type CellRender = (this: unknown, xml: XmlStreamLike, model: CellModelLike) => void;

let inlineTextInstalled = false;

/** Installs the renderer wrapper, once, when the first writer with inline strings is made. */
function installInlineText(): void {
  if (inlineTextInstalled) return;
  inlineTextInstalled = true;
  const require = createRequire(import.meta.url);
  const CellXform = require('exceljs/lib/xlsx/xform/sheet/cell-xform.js') as { prototype: { render: CellRender } & Record<symbol, unknown> };
  const { xmlEncode } = require('exceljs/lib/utils/utils.js') as { xmlEncode(text: string): string };
  const proto = CellXform.prototype;
  if (proto[INLINE_TEXT]) return;
  const original = proto.render;
  proto.render = function render(xml, model) {
    const v = model.value as { [INLINE_TEXT]?: boolean; text?: unknown } | null | undefined;
    if (model.ssId !== undefined || !v || typeof v !== 'object' || v[INLINE_TEXT] !== true || typeof v.text !== 'string') return original.call(this, xml, model);
    // As exceljs's TextXform writes <t>: its escaping, and xml:space="preserve" for edge spaces and line breaks.
    const t = v.text;
    const space = /^\s|\n|\s$/.test(t) ? ' xml:space="preserve"' : '';
    xml.writeXml(`<c r="${model.address}"${model.styleId ? ` s="${model.styleId}"` : ''} t="inlineStr"><is><t${space}>${xmlEncode(t)}</t></is></c>`);
  };
  proto[INLINE_TEXT] = true;
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
  if (inlineStrings) installInlineText();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: !inlineStrings });
  wb.creator = '政务公开考核系统';
  wb.created = new Date();
  return { wb, out, inlineStrings };
}

/** Targets with a sheet being written. */
const writing = new WeakSet<ExportTarget>();

/**
 * Writes one sheet row by row and commits it. Sheets of a workbook are written one after another:
 * the zip takes them in the order they were added, so a second sheet written while the first is
 * open would wait for the zip (`breathe`) behind a sheet that cannot end.
 */
export async function writeSheet(target: ExportTarget, spec: SheetSpec): Promise<number> {
  if (writing.has(target)) throw new Error('writeSheet: the previous sheet of this workbook is still being written');
  writing.add(target);
  try {
    return await writeSheetRows(target, spec);
  } finally {
    writing.delete(target);
  }
}

async function writeSheetRows(target: ExportTarget, spec: SheetSpec): Promise<number> {
  const { wb, out } = target;
  /** Text as a plain inline string (`t="inlineStr"`, see InlineText). */
  const text = (v: ExcelJS.CellValue): ExcelJS.CellValue => (target.inlineStrings && typeof v === 'string' ? new InlineText(v) : v);
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
  const pipe = sheetPipe(ws);

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

  const styles = new ColumnStyles(cols);
  let r = HEADER_ROWS + 1;
  let written = 0;
  const anyWrap = cols.some((c) => c.wrap);
  for (const data of spec.rows) {
    const row = ws.getRow(r);
    // One style object for every row: exceljs registers a row's style on each commit and only
    // remembers it by object (a fresh {} per row cost a style lookup by XML per row).
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE;
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
      const wrapped: { text: string; width: number; size: number }[] | null = anyWrap ? [] : null;
      for (let i = 0; i < n; i++) {
        const c = cols[i];
        const cell = row.getCell(i + 1);
        const value = cellValueFor(data[c.key], c.format ?? 'text');
        cell.value = text(value);
        const kind = typeof value === 'string' ? Kind.Text : typeof value === 'number' || value instanceof Date ? Kind.Numeric : typeof value === 'object' && value !== null && 'hyperlink' in value ? Kind.Link : Kind.Other;
        // One shared style object per combination: exceljs then registers each style once.
        cell.style = styles.get(i, kind, bold, spec.fill?.(data, c.key));
        if (c.wrap && wrapped) {
          const shown = kind === Kind.Text ? (value as string) : kind === Kind.Link ? String((value as ExcelJS.CellHyperlinkValue).text) : null;
          if (shown) wrapped.push({ text: shown, width: widths[i], size: 10 });
        }
      }
      if (wrapped?.length) row.height = rowHeightFor(wrapped, 18);
    }
    row.commit();
    r++;
    written++;
    if (written % 200 === 0) await breathe(out, pipe);
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
