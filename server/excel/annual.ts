/**
 * The 政府信息公开工作年度报告 as a workbook, laid out like the national tables
 * (国办公开办函〔2021〕30号): one sheet per table (表二, 表三, 表四) with the merged headers and the
 * original row and column names (`blockLayout`, the same layout as the web form), and a sheet for the
 * text sections and the publication (文字部分). The same builder makes
 * - the fill-in template of one unit × year (label cells locked, number cells unlocked with data
 *   validation, total cells locked formulas, hidden signed template information);
 * - the export of one unit's report (the same workbook with a version's values, printable and
 *   uploadable again by the unit);
 * - the province summary (totals over accepted reports, everything locked, no template information).
 *
 * Where every cell is (`annualSheetLayout`) is computed from the format, so the upload finds each
 * cell the same way (parse.ts `parseAnnualSheets`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  cellKey,
  formatCells,
  totalCells,
  type AnnualFormat,
  type AnnualTable,
} from '../../shared/annual-report/format';
import type { AnnualReportData } from '../../shared/annual-report/check';
import { blockLayout, type HeaderCell } from '../../shared/annual-report/layout';
import { MAX_REPORTED_NUMBER } from '../../shared/validation';
import { formatDateZh } from '../../shared/dates';
import { rowHeightFor, sanitizeSheetText } from './export-workbook';
import { cellAddress, printSetup, PROTECT_OPTIONS, SHEET_META } from './template';

export const ANNUAL_TEMPLATE_KIND = 'annual-report';
export const SHEET_TEXTS = '文字部分';
export const ANNUAL_META_KEYS = ['kind', 'formatId', 'year', 'unitCode', 'unitName', 'generatedAt', 'checksum'] as const;
export type AnnualMeta = Record<(typeof ANNUAL_META_KEYS)[number], string>;

/** The sheet of a table: 表二, 表三, 表四. */
export function tableSheetName(table: AnnualTable): string {
  return `表${table.number}`;
}

/** Where a value is: sheet, row and column (1-based). */
export interface AnnualCellAt {
  sheet: string;
  row: number;
  col: number;
  address: string;
}

interface Placed {
  text: string;
  row: number;
  col: number;
  toRow: number;
  toCol: number;
  kind: 'heading' | 'header' | 'label';
}

export interface AnnualSheetLayout {
  name: string;
  table: AnnualTable;
  /** Columns of the sheet. */
  width: number;
  labelCols: number;
  /** Title, info and hint rows come first; the blocks start at this row. */
  firstRow: number;
  placed: Placed[];
  /** Data cells of the sheet with their merged extent. */
  cells: { key: string; at: AnnualCellAt; toCol: number }[];
  lastRow: number;
}

export interface AnnualWorkbookLayout {
  tables: AnnualSheetLayout[];
  /** Every value of the report: table cells by key, and `texts.<key>`, `publishedUrl`, `publishedOn`. */
  at: Map<string, AnnualCellAt>;
  texts: { key: string; title: string; at: AnnualCellAt }[];
}

const FIRST_BLOCK_ROW = 5;
const TEXTS_FIRST_ROW = 4;

/** Cells of merged header rows placed on a grid `width` columns wide (logical columns, 0-based). */
function placeRows(rows: HeaderCell[][], width: number): { cell: HeaderCell; r: number; c: number }[] {
  const taken = new Set<string>();
  const out: { cell: HeaderCell; r: number; c: number }[] = [];
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (c < width && taken.has(`${r},${c}`)) c++;
      out.push({ cell, r, c });
      for (let dr = 0; dr < cell.rowSpan; dr++) for (let dc = 0; dc < cell.colSpan; dc++) taken.add(`${r + dr},${c + dc}`);
      c += cell.colSpan;
    }
  });
  return out;
}

function sheetLayout(table: AnnualTable): AnnualSheetLayout {
  const layouts = table.blocks.map((b) => ({ block: b, l: blockLayout(b) }));
  const labelCols = Math.max(0, ...layouts.map((x) => x.l.labelDepth));
  const dataCols = Math.max(...table.blocks.map((b) => b.columns.length));
  const width = labelCols + dataCols;
  const name = tableSheetName(table);
  const placed: Placed[] = [];
  const cells: AnnualSheetLayout['cells'] = [];
  let row = FIRST_BLOCK_ROW;
  for (const { block, l } of layouts) {
    const d = l.labelDepth;
    const n = block.columns.length;
    // Logical column → sheet columns: the last label column stretches to the sheet's label columns,
    // the last data column to the sheet's data columns (so every block is as wide as the sheet).
    const from = (c: number) => (c < d ? c + 1 : labelCols + 1 + (c - d));
    const to = (c: number) => (c < d ? (c === d - 1 ? labelCols : c + 1) : c - d === n - 1 ? width : labelCols + 1 + (c - d));
    if (block.heading) {
      placed.push({ text: block.heading, row, col: 1, toRow: row, toCol: width, kind: 'heading' });
      row++;
    }
    for (const { cell, r, c } of placeRows(l.headerRows, d + n)) {
      placed.push({ text: cell.text, row: row + r, col: from(c), toRow: row + r + cell.rowSpan - 1, toCol: to(c + cell.colSpan - 1), kind: 'header' });
    }
    row += l.headerRows.length;
    for (const { cell, r, c } of placeRows(l.rowLabels, d)) {
      placed.push({ text: cell.text, row: row + r, col: from(c), toRow: row + r + cell.rowSpan - 1, toCol: to(c + cell.colSpan - 1), kind: 'label' });
    }
    block.rows.forEach((r, i) => {
      block.columns.forEach((c, j) => {
        const col = from(d + j);
        cells.push({ key: cellKey(block.key, r.key, c.key), at: { sheet: name, row: row + i, col, address: cellAddress(row + i, col) }, toCol: to(d + j) });
      });
    });
    row += block.rows.length + 1;
  }
  return { name, table, width, labelCols, firstRow: FIRST_BLOCK_ROW, placed, cells, lastRow: row - 2 };
}

const layoutCache = new WeakMap<AnnualFormat, AnnualWorkbookLayout>();

/** Where every value of the format is in the workbook. */
export function annualSheetLayout(format: AnnualFormat): AnnualWorkbookLayout {
  const cached = layoutCache.get(format);
  if (cached) return cached;
  const tables = format.tables.map(sheetLayout);
  const at = new Map<string, AnnualCellAt>();
  for (const t of tables) for (const c of t.cells) at.set(c.key, c.at);
  const texts: AnnualWorkbookLayout['texts'] = [];
  let row = TEXTS_FIRST_ROW;
  const place = (key: string, title: string) => {
    const where = { sheet: SHEET_TEXTS, row, col: 2, address: cellAddress(row, 2) };
    at.set(key, where);
    texts.push({ key, title, at: where });
    row++;
  };
  for (const t of format.texts) place(`texts.${t.key}`, t.title);
  place('publishedUrl', '年度报告公开网址');
  place('publishedOn', '年度报告公开日期');
  const out = { tables, at, texts };
  layoutCache.set(format, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Template information

function canonical(m: Pick<AnnualMeta, 'kind' | 'formatId' | 'year' | 'unitCode'>): string {
  return ['zwgk-annual', m.kind, m.formatId, m.year, m.unitCode].join('|');
}

export function annualChecksum(secret: string, m: Parameters<typeof canonical>[0]): string {
  return createHmac('sha256', secret).update(canonical(m)).digest('hex');
}

export function annualChecksumMatches(secret: string | null, m: AnnualMeta): boolean {
  if (!secret || !/^[0-9a-f]{64}$/.test(m.checksum)) return false;
  return timingSafeEqual(Buffer.from(annualChecksum(secret, m), 'hex'), Buffer.from(m.checksum, 'hex'));
}

/** The annual template information among a workbook's hidden pairs, or null when it is not one. */
export function annualMetaOf(pairs: Record<string, string> | null): AnnualMeta | null {
  if (!pairs || pairs.kind !== ANNUAL_TEMPLATE_KIND) return null;
  for (const k of ANNUAL_META_KEYS) if (typeof pairs[k] !== 'string') return null;
  return Object.fromEntries(ANNUAL_META_KEYS.map((k) => [k, pairs[k]])) as AnnualMeta;
}

// ---------------------------------------------------------------------------------------------
// Building

const FONT = '宋体';
const BODY = 10;
const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const HEAD: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const TOTAL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const WHITE: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFFF' } };
const LINE = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: LINE, left: LINE, bottom: LINE, right: LINE };

export type AnnualWorkbookKind = 'template' | 'export' | 'summary';

export interface AnnualWorkbookInput {
  kind: AnnualWorkbookKind;
  format: AnnualFormat;
  year: number;
  /** Whose report (the summary: the province, e.g. 浙江省住房和城乡建设厅 全省汇总). */
  title: string;
  /** One line under each sheet's title: unit, version and status, or what the summary sums. */
  info: string;
  data: AnnualReportData;
  /** Template and export: the signed template information, so the unit can upload the file. */
  meta?: AnnualMeta;
  /** The summary: one row per city (its own report and its counties'), on a sheet 各设区市. */
  cities?: { name: string; accepted: number; expected: number; figures: Record<string, number>; disclosure: { percent: number | null } }[];
  now: Date;
}

function merge(ws: ExcelJS.Worksheet, row: number, col: number, toRow: number, toCol: number) {
  if (toRow > row || toCol > col) ws.mergeCells(row, col, toRow, toCol);
}

function frame(ws: ExcelJS.Worksheet, row: number, col: number, toRow: number, toCol: number) {
  for (let r = row; r <= toRow; r++) for (let c = col; c <= toCol; c++) ws.getCell(r, c).border = BORDER;
}

function sumFormula(format: AnnualFormat, layout: AnnualWorkbookLayout, key: string): string | null {
  const [block, row, col] = key.split('.');
  for (const rule of format.rules) {
    if (rule.block !== block || rule.kind === 'balance') continue;
    const parts =
      rule.kind === 'columns' && rule.total === col
        ? rule.parts.map((p) => cellKey(block, row, p))
        : rule.kind === 'rows' && rule.total === row
          ? rule.parts.map((p) => cellKey(block, p, col))
          : null;
    if (parts) return `SUM(${parts.map((p) => layout.at.get(p)!.address).join(',')})`;
  }
  return null;
}

function numberValidation(decimals: number | undefined, prompt: string): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, showInputMessage: true, promptTitle: prompt.slice(0, 32) };
  return decimals
    ? { ...common, type: 'decimal', operator: 'between', formulae: [0, MAX_REPORTED_NUMBER], errorTitle: '请填写金额', error: `应填写 0 至 ${MAX_REPORTED_NUMBER} 之间的数，最多${decimals === 2 ? '两' : decimals}位小数`, prompt: '单位：万元，最多两位小数，没有请填 0' }
    : { ...common, type: 'whole', operator: 'between', formulae: [0, MAX_REPORTED_NUMBER], errorTitle: '请填写整数', error: `应填写 0 至 ${MAX_REPORTED_NUMBER} 之间的整数`, prompt: '填写件数（整数），没有请填 0' };
}

function titleRows(ws: ExcelJS.Worksheet, width: number, title: string, info: string, hint: string | null, widthChars: number) {
  merge(ws, 1, 1, 1, width);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: FONT, size: 14, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = rowHeightFor([{ text: title, width: widthChars, size: 14 }], 28);
  merge(ws, 2, 1, 2, width);
  const i = ws.getCell(2, 1);
  i.value = info;
  i.font = { name: FONT, size: BODY };
  i.alignment = { vertical: 'middle', wrapText: true };
  ws.getRow(2).height = rowHeightFor([{ text: info, width: widthChars, size: BODY }], 20);
  if (hint) {
    merge(ws, 3, 1, 3, width);
    const h = ws.getCell(3, 1);
    h.value = hint;
    h.font = { name: FONT, size: BODY, color: { argb: 'FF7F0000' } };
    h.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(3).height = rowHeightFor([{ text: hint, width: widthChars, size: BODY }], 20);
  }
}

/** Column widths (characters) of a table sheet: label columns by depth, data columns equal. */
function tableWidths(t: AnnualSheetLayout): number[] {
  const w: number[] = [0];
  const labelWidths = t.labelCols === 3 ? [8, 12, 34] : t.labelCols === 2 ? [14, 30] : t.labelCols === 1 ? [26] : [];
  w.push(...labelWidths);
  const dataCols = t.width - t.labelCols;
  for (let i = 0; i < dataCols; i++) w.push(dataCols > 10 ? 7.5 : t.labelCols === 1 ? 18 : 9);
  return w;
}

function buildTableSheet(wb: ExcelJS.Workbook, input: AnnualWorkbookInput, layout: AnnualWorkbookLayout, t: AnnualSheetLayout) {
  const template = input.kind === 'template';
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 0, activeCell: t.cells[0]?.at.address }] });
  const widths = tableWidths(t);
  for (let c = 1; c <= t.width; c++) ws.getColumn(c).width = widths[c];
  const all = widths.reduce((a, b) => a + b, 0);
  titleRows(
    ws,
    t.width,
    `${input.title}${input.year}年度政府信息公开工作年度报告 ${t.table.title}`,
    input.info,
    template ? '请只填写白底单元格，没有请填 0；灰底为表样文字，黄底为合计（上传时按各项重新计算），请勿修改、插入或删除行列。' : null,
    all,
  );
  const totals = totalCells(input.format);
  const decimalsOf = new Map(formatCells(input.format).map((c) => [c.key, c.column.decimals]));
  const describe = new Map(formatCells(input.format).map((c) => [c.key, `${c.row.label}${c.column.label}`]));
  const heights = new Map<number, { text: string; width: number; size: number }[]>();
  const spanWidth = (from: number, to: number) => widths.slice(from, to + 1).reduce((a, b) => a + b, 0);
  for (const p of t.placed) {
    merge(ws, p.row, p.col, p.toRow, p.toCol);
    frame(ws, p.row, p.col, p.toRow, p.toCol);
    const cell = ws.getCell(p.row, p.col);
    cell.value = p.text;
    cell.font = { name: FONT, size: BODY, bold: p.kind !== 'label' };
    cell.fill = p.kind === 'label' ? GREY : HEAD;
    cell.alignment = { vertical: 'middle', horizontal: p.kind === 'label' ? 'left' : 'center', wrapText: true };
    cell.protection = { locked: true };
    if (p.toRow === p.row) {
      const list = heights.get(p.row) ?? [];
      list.push({ text: p.text, width: spanWidth(p.col, p.toCol), size: BODY });
      heights.set(p.row, list);
    }
  }
  for (const c of t.cells) {
    merge(ws, c.at.row, c.at.col, c.at.row, c.toCol);
    frame(ws, c.at.row, c.at.col, c.at.row, c.toCol);
    const cell = ws.getCell(c.at.row, c.at.col);
    const decimals = decimalsOf.get(c.key);
    const v = input.data.cells[c.key];
    const isTotal = totals.has(c.key);
    const formula = template && isTotal ? sumFormula(input.format, layout, c.key) : null;
    cell.value = formula ? { formula, result: typeof v === 'number' ? v : 0 } : typeof v === 'number' ? v : null;
    cell.numFmt = decimals ? '0.00' : '0';
    cell.font = { name: FONT, size: BODY, bold: isTotal };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    if (template && !isTotal) {
      cell.fill = WHITE;
      cell.protection = { locked: false };
      cell.dataValidation = numberValidation(decimals, `${t.name} ${describe.get(c.key) ?? ''}`);
    } else {
      cell.fill = isTotal ? TOTAL : WHITE;
      cell.protection = { locked: true };
    }
  }
  for (const [row, cells] of heights) ws.getRow(row).height = rowHeightFor(cells, 20);
  printSetup(ws, undefined, t.width > 8 ? 'landscape' : 'portrait');
  return ws;
}

function buildTextSheet(wb: ExcelJS.Workbook, input: AnnualWorkbookInput, layout: AnnualWorkbookLayout) {
  const template = input.kind === 'template';
  const ws = wb.addWorksheet(SHEET_TEXTS);
  const widths = [0, 20, 90];
  ws.getColumn(1).width = widths[1];
  ws.getColumn(2).width = widths[2];
  titleRows(
    ws,
    2,
    `${input.title}${input.year}年度政府信息公开工作年度报告 文字部分与公开信息`,
    input.info,
    template ? '“一、总体情况”、公开网址和公开日期报送时必须填写；公开日期即年度报告在本单位网站公开的日期（按时 = 不晚于截止日期），如 2019-01-20。' : null,
    110,
  );
  for (const t of layout.texts) {
    const label = ws.getCell(t.at.row, 1);
    label.value = t.title;
    label.font = { name: FONT, size: BODY, bold: true };
    label.fill = GREY;
    label.border = BORDER;
    label.alignment = { vertical: 'top', wrapText: true };
    label.protection = { locked: true };
    const cell = ws.getCell(t.at.row, 2);
    const raw = t.key === 'publishedUrl' ? input.data.publishedUrl : t.key === 'publishedOn' ? input.data.publishedOn : input.data.texts[t.key.slice('texts.'.length)];
    if (t.key === 'publishedOn') {
      cell.value = raw ? new Date(`${raw}T00:00:00.000Z`) : null;
      cell.numFmt = 'yyyy-mm-dd';
      if (template) {
        cell.dataValidation = {
          type: 'date',
          operator: 'between',
          formulae: [new Date(`${input.year + 1}-01-01T00:00:00.000Z`), new Date(`${input.year + 1}-12-31T00:00:00.000Z`)],
          allowBlank: true,
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: '请填写日期',
          error: `应填写${formatDateZh(`${input.year + 1}-01-01`)}以后的日期，如 ${input.year + 1}-01-20`,
          showInputMessage: true,
          promptTitle: '年度报告公开日期',
          prompt: `年度报告在本单位网站公开的日期，如 ${input.year + 1}-01-20`,
        };
      }
    } else {
      cell.value = raw ? sanitizeSheetText(raw) : null;
      cell.numFmt = '@';
    }
    cell.font = { name: FONT, size: BODY };
    cell.fill = WHITE;
    cell.border = BORDER;
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.protection = { locked: !template };
    const isLong = t.key.startsWith('texts.');
    ws.getRow(t.at.row).height = isLong ? Math.max(120, rowHeightFor([{ text: String(raw ?? ''), width: widths[2], size: BODY }], 20)) : 24;
  }
  printSetup(ws, undefined, 'portrait');
  return ws;
}

export const SHEET_CITIES = '各设区市';

function buildCitySheet(wb: ExcelJS.Workbook, input: AnnualWorkbookInput, cities: NonNullable<AnnualWorkbookInput['cities']>) {
  const ws = wb.addWorksheet(SHEET_CITIES);
  const heads = ['设区市', '已采纳/应报', ...input.format.figures.map((f) => f.label), '公开率（%）'];
  const widths = [12, 11, ...input.format.figures.map((f) => Math.max(8, Math.ceil(f.label.length * 1.2))), 10];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const all = widths.reduce((a, b) => a + b, 0);
  titleRows(ws, heads.length, `${input.year}年度政府信息公开工作年度报告 各设区市汇总（含所辖县(市、区)）`, `${input.format.disclosureRate.description}；只计已采纳的报告`, null, all);
  const head = ws.getRow(4);
  heads.forEach((h, i) => {
    const c = head.getCell(i + 1);
    c.value = h;
    c.font = { name: FONT, size: BODY, bold: true };
    c.fill = HEAD;
    c.border = BORDER;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  head.height = rowHeightFor(heads.map((h, i) => ({ text: h, width: widths[i], size: BODY })), 24);
  cities.forEach((city, i) => {
    const row = ws.getRow(5 + i);
    const values: (string | number | null)[] = [city.name, `${city.accepted}/${city.expected}`, ...input.format.figures.map((f) => city.figures[f.key] ?? 0), city.disclosure.percent];
    values.forEach((v, j) => {
      const c = row.getCell(j + 1);
      c.value = v;
      c.font = { name: FONT, size: BODY };
      c.border = BORDER;
      c.alignment = { horizontal: j === 0 ? 'left' : 'center', vertical: 'middle' };
      if (j === values.length - 1) c.numFmt = '0.0';
    });
  });
  printSetup(ws, '4:4');
  return ws;
}

/** The workbook of one report (template or export) or of the province summary. */
export async function buildAnnualWorkbook(input: AnnualWorkbookInput): Promise<Buffer> {
  const layout = annualSheetLayout(input.format);
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务公开考核系统';
  wb.created = input.now;
  wb.modified = input.now;
  wb.title = `${input.title}${input.year}年度政府信息公开工作年度报告`;
  const sheets = layout.tables.map((t) => buildTableSheet(wb, input, layout, t));
  if (input.kind !== 'summary') sheets.push(buildTextSheet(wb, input, layout));
  if (input.cities) sheets.push(buildCitySheet(wb, input, input.cities));
  if (input.meta) {
    const metaSheet = wb.addWorksheet(SHEET_META, { state: 'veryHidden' });
    for (const key of ANNUAL_META_KEYS) metaSheet.addRow([key, input.meta[key]]);
    await metaSheet.protect('', { selectLockedCells: false, selectUnlockedCells: false });
  }
  // Everything is protected: the template leaves the number and text cells open; exports and the summary none.
  await Promise.all(sheets.map((ws) => ws.protect('', PROTECT_OPTIONS)));
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function annualFileName(title: string, year: number, what: '填报模板' | '年度报告' | '汇总'): string {
  return `${title}${year}年度政府信息公开工作年度报告${what === '年度报告' ? '' : what}.xlsx`;
}
