/**
 * Reading a filled-in template back: the hidden template information, the rows of 填报表 (found by
 * their indicator code, so missing, duplicated or reordered rows are named), and every value cell
 * read tolerantly. Problems carry their sheet and cell; validation problems of the report (the same
 * rules as the web form, `validateReport`) are located on the cell of the field they concern.
 */
import ExcelJS from 'exceljs';
import type { IndicatorValue, ReportValues } from '../../shared/report-values';
import type { ProblemField, ReportProblem } from '../../shared/validation';
import {
  FIRST_DATA_ROW,
  META_KEYS,
  SHEET_FORM,
  SHEET_META,
  TEMPLATE_FORMAT,
  cellAddress,
  checksumMatches,
  type TemplateField,
  type TemplateLayout,
  type TemplateMeta,
  type TemplateRow,
} from './template';
import { EXCEL_MSG } from './messages';
import { displayOf, normalizeText, parseDateCell, parseNumberCell, parseTextCell, parseYesNoCell, plainOf, type Parsed, type RawCellValue } from './tolerant-values';
import type { CellProblem } from '../../shared/excel';
import { describeCell, totalCells, totalsDependingOn, type AnnualFormat } from '../../shared/annual-report/format';
import { recomputeTotals, type AnnualReportData } from '../../shared/annual-report/check';
import { annualSheetLayout, SHEET_TEXTS } from './annual';

export type { CellProblem };

/** Rows below the template's last indicator row that are still scanned for moved rows. */
const EXTRA_SCAN_ROWS = 200;

function cellText(v: ExcelJS.CellValue): string {
  return normalizeText(displayOf(plainOf(v as RawCellValue)));
}

/** The hidden key/value pairs of a workbook of ours (sheet _meta), or null when it has none. */
export function readMetaPairs(wb: ExcelJS.Workbook): Record<string, string> | null {
  const ws = wb.getWorksheet(SHEET_META);
  if (!ws) return null;
  const found: Record<string, string> = {};
  const last = Math.min(ws.rowCount, 100);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const k = cellText(row.getCell(1).value);
    if (!k) continue;
    const v = row.getCell(2).value;
    found[k] = typeof v === 'string' ? v : displayOf(plainOf(v as RawCellValue));
  }
  return found;
}

/** The hidden template information, or null when the workbook has none (not one of our templates). */
export function readMeta(wb: ExcelJS.Workbook): TemplateMeta | null {
  const pairs = readMetaPairs(wb);
  if (!pairs) return null;
  for (const k of META_KEYS) if (pairs[k] === undefined) return null;
  return Object.fromEntries(META_KEYS.map((k) => [k, pairs[k]])) as unknown as TemplateMeta;
}

export interface TemplateExpectation {
  unit: { code: string; name: string };
  period: { code: string; name: string };
  schemeVersion: number;
  /** Indicator codes of the current layout, in order. */
  indicators: string[];
  secret: string | null;
  /** Names of the unit and period a template claims, from the directory (the meta names are not signed). */
  describe: (unitCode: string, periodCode: string) => { unit: string; period: string };
}

/** Null when the template belongs to this unit, period and scheme version; else the refusal. */
export function checkTemplate(meta: TemplateMeta, want: TemplateExpectation): string | null {
  if (!checksumMatches(want.secret, meta)) return EXCEL_MSG.checksum;
  if (meta.unitCode !== want.unit.code || meta.periodCode !== want.period.code) {
    const got = want.describe(meta.unitCode, meta.periodCode);
    return EXCEL_MSG.otherTemplate(`${got.unit}（${meta.unitCode}） ${got.period}`, `${want.unit.name}（${want.unit.code}） ${want.period.name}`);
  }
  if (meta.schemeVersion !== String(want.schemeVersion) || meta.format !== TEMPLATE_FORMAT || meta.indicators !== want.indicators.join(',')) {
    return EXCEL_MSG.schemeVersion(meta.schemeVersion, want.schemeVersion);
  }
  return null;
}

/** What parseForm reads: an ExcelJS worksheet has this shape, and so has a sheet read in the parse worker. */
export interface SheetLike {
  rowCount: number;
  getCell(row: number, col: number): { value: ExcelJS.CellValue };
}

/** A problem found while reading the sheet: on its cell, naming the indicator (and the field, when one cell could not be read). */
export type ReadProblem = ReportProblem & { sheet: string; cell: string };

export interface ParsedForm {
  values: ReportValues;
  problems: ReadProblem[];
  /** Where a field of an indicator is in the sheet (for validation problems). */
  cellOf: (indicator: string, field: ProblemField) => string;
}

/**
 * Reads 填报表. `existing` are the saved values: uploaded evidence files, which have no column in
 * the sheet, are kept.
 */
export function parseForm(ws: SheetLike, layout: TemplateLayout, existing: ReportValues): ParsedForm {
  const problems: ReadProblem[] = [];
  const at = (row: number, col: number, message: string, indicator: string, field: ProblemField = '_') =>
    problems.push({ indicator, field, message, sheet: SHEET_FORM, cell: cellAddress(row, col) });
  const expected = layout.rows;
  const byCode = new Map(expected.map((r) => [r.indicator.code, r]));
  const scanTo = Math.min(ws.rowCount, FIRST_DATA_ROW + expected.length + EXTRA_SCAN_ROWS);

  // Where each code is now.
  const rowsOf = new Map<string, number[]>();
  const sequence: { code: string; row: number }[] = [];
  for (let r = FIRST_DATA_ROW; r <= scanTo; r++) {
    const code = cellText(ws.getCell(r, layout.codeCol).value);
    if (!code) continue;
    if (!byCode.has(code)) {
      at(r, layout.codeCol, `第 ${r} 行的指标代码“${code}”不是本期应填报的指标，请勿修改“指标代码”列`, code);
      continue;
    }
    const list = rowsOf.get(code) ?? [];
    list.push(r);
    rowsOf.set(code, list);
    if (list.length === 1) sequence.push({ code, row: r });
  }
  for (const [code, rows] of rowsOf) {
    if (rows.length > 1) at(rows[1], layout.codeCol, `指标 ${code} 出现了 ${rows.length} 次（第 ${rows.join('、')} 行），请勿复制或插入指标行`, code);
  }
  for (const r of expected) {
    if (!rowsOf.has(r.indicator.code)) {
      at(r.row, layout.codeCol, `缺少指标 ${r.indicator.code}（${r.indicator.name}）所在的行（模板第 ${r.row} 行），请勿删除模板中的行；请恢复该行或重新下载模板填写`, r.indicator.code);
    }
  }
  const expectedOrder = expected.map((r) => r.indicator.code).filter((c) => rowsOf.has(c));
  sequence.forEach((s, i) => {
    if (expectedOrder[i] !== s.code) {
      const want = byCode.get(expectedOrder[i]);
      at(s.row, layout.codeCol, `第 ${s.row} 行应为指标 ${expectedOrder[i]}（${want?.indicator.name ?? ''}），实际为 ${s.code}；请勿调整行的顺序`, s.code);
    }
  });

  const rowOf = (code: string): number => rowsOf.get(code)?.[0] ?? byCode.get(code)?.row ?? FIRST_DATA_ROW;
  const values: ReportValues = {};

  for (const tr of expected) {
    const code = tr.indicator.code;
    const row = rowsOf.get(code)?.[0];
    if (row === undefined) continue;
    const v: IndicatorValue = {};
    const extra: Record<string, number | null> = {};
    tr.fields.forEach((f, i) => {
      const col = layout.valueCol(i);
      const parsed = readField(ws.getCell(row, col).value, f, tr);
      if (!parsed.ok) {
        at(row, col, parsed.message, code, f.key.startsWith('extra:') ? 'extra' : (f.key as ProblemField));
        return;
      }
      if (parsed.value === null) return;
      if (f.key.startsWith('extra:')) extra[f.key.slice(6)] = parsed.value as number;
      else if (f.key === 'date') v.date = parsed.value as string;
      else if (f.key === 'yes') v.yes = parsed.value as boolean;
      else if (f.key === 'numerator' || f.key === 'denominator' || f.key === 'count') v[f.key] = parsed.value as number;
    });
    if (Object.keys(extra).length) v.extra = extra;
    const url = parseTextCell(plainOf(ws.getCell(row, layout.urlCol).value as RawCellValue), '公开网页链接');
    if (!url.ok) {
      at(row, layout.urlCol, url.message, code, 'evidenceUrl');
    } else if (url.value !== null) v.evidenceUrl = url.value;
    const note = parseTextCell(plainOf(ws.getCell(row, layout.noteCol).value as RawCellValue), '备注');
    if (!note.ok) {
      at(row, layout.noteCol, note.message, code, 'note');
    } else if (note.value !== null) v.note = note.value;
    const file = existing[code]?.evidenceFile;
    if (file) v.evidenceFile = file;
    if (Object.keys(v).length) values[code] = v;
  }

  const cellOf = (indicator: string, field: ProblemField): string => {
    const tr = byCode.get(indicator);
    const row = rowOf(indicator);
    if (!tr) return cellAddress(row, layout.codeCol);
    if (field === 'evidenceUrl' || field === 'evidenceFile') return cellAddress(row, layout.urlCol);
    if (field === 'note') return cellAddress(row, layout.noteCol);
    if (field === '_') return cellAddress(row, layout.codeCol);
    const idx = field === 'extra' ? tr.fields.findIndex((f) => f.key.startsWith('extra:')) : tr.fields.findIndex((f) => f.key === field);
    return cellAddress(row, idx >= 0 ? layout.valueCol(idx) : layout.codeCol);
  };
  return { values, problems, cellOf };
}

/** A problem of an annual-report upload: where (sheet and cell; '' when on no one cell) and what, and the report cell it concerns. */
export interface AnnualReadProblem {
  sheet: string;
  cell: string;
  message: string;
  /** `block.row.column`, `texts.<key>`, `publishedUrl`, `publishedOn`, or '' for the workbook as a whole. */
  key: string;
}

/**
 * Reads the sheets of an annual-report workbook (annual.ts) back: every number cell tolerantly
 * (full-width digits, numbers stored as text, thousands separators), the texts, the publication URL
 * and date. Total cells are not read: they are recomputed from their parts (blank parts as 0), whatever the file says.
 * Label cells must still say what the national format says (a moved or inserted row is named).
 */
export function parseAnnualSheets(sheets: Record<string, SheetLike | null>, format: AnnualFormat): { data: AnnualReportData; problems: AnnualReadProblem[] } {
  const layout = annualSheetLayout(format);
  const problems: AnnualReadProblem[] = [];
  const totals = totalCells(format);
  const cells: AnnualReportData['cells'] = {};
  const missing = new Set<string>();
  for (const name of [...layout.tables.map((t) => t.name), SHEET_TEXTS]) {
    if (!sheets[name]) {
      missing.add(name);
      problems.push({ sheet: name, cell: '', key: '', message: `缺少工作表“${name}”，请勿删除或重命名工作表；请重新下载年度报告模板填写` });
    }
  }
  for (const t of layout.tables) {
    const ws = sheets[t.name];
    if (!ws) continue;
    for (const p of t.placed) {
      if (p.kind !== 'label') continue;
      const got = cellText(ws.getCell(p.row, p.col).value);
      if (got !== normalizeText(p.text)) {
        problems.push({ sheet: t.name, cell: cellAddress(p.row, p.col), key: '', message: `${t.name}第 ${p.row} 行应为“${p.text}”，实际为“${got}”；请勿修改表样文字或插入、删除、移动行` });
      }
    }
    for (const c of t.cells) {
      if (totals.has(c.key)) continue;
      const parsed = parseNumberCell(plainOf(ws.getCell(c.at.row, c.at.col).value as RawCellValue), describeCell(format, c.key));
      if (!parsed.ok) problems.push({ sheet: t.name, cell: c.at.address, key: c.key, message: parsed.message });
      else if (parsed.value !== null) cells[c.key] = parsed.value;
    }
  }
  const computed = recomputeTotals(format, cells, { partsFilled: 'any' });
  // A total with a part that could not be read is unknown, not the sum of the rest.
  for (const k of totalsDependingOn(format, problems.map((p) => p.key).filter(Boolean))) if (totals.has(k)) delete computed[k];
  const data: AnnualReportData = { cells: computed, texts: {}, publishedUrl: null, publishedOn: null };
  const ws = sheets[SHEET_TEXTS];
  if (ws) {
    for (const t of layout.texts) {
      const p = plainOf(ws.getCell(t.at.row, t.at.col).value as RawCellValue);
      const where = { sheet: SHEET_TEXTS, cell: t.at.address, key: t.key };
      if (t.key === 'publishedOn') {
        const d = parseDateCell(p, t.title);
        if (!d.ok) problems.push({ ...where, message: d.message });
        else data.publishedOn = d.value;
      } else {
        const v = parseTextCell(p, t.title);
        if (!v.ok) problems.push({ ...where, message: v.message });
        else if (t.key === 'publishedUrl') data.publishedUrl = v.value;
        else if (v.value !== null) data.texts[t.key.slice('texts.'.length)] = v.value;
      }
    }
  }
  return { data, problems };
}

function readField(raw: ExcelJS.CellValue, f: TemplateField, tr: TemplateRow): Parsed<number | string | boolean> {
  const p = plainOf(raw as RawCellValue);
  switch (f.kind) {
    case 'int':
    case 'decimal':
      return parseNumberCell(p, f.label, tr.indicator.value?.unit);
    case 'date':
      return parseDateCell(p, f.label);
    case 'yes':
      return parseYesNoCell(p, f.label);
  }
}

function addressKey(cell: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return [0, 0];
  const col = [...m[1]].reduce((acc, ch) => acc * 26 + ch.charCodeAt(0) - 64, 0);
  return [Number(m[2]), col];
}

/**
 * Problems in reading order — the one place upload problems are ordered: by sheet in the workbook's
 * order (`sheets`: 表二 before 表三 before 表四 before 文字部分, not by name), then row, then column
 * (stable for one cell). Problems on no sheet (the whole file) come first; sheets not in `sheets`
 * come last, by name.
 */
export function sortProblems<T extends { sheet?: string; cell?: string }>(list: readonly T[], sheets: readonly string[]): T[] {
  const rank = (sheet: string | undefined) => {
    if (!sheet) return -1;
    const i = sheets.indexOf(sheet);
    return i < 0 ? sheets.length : i;
  };
  return list
    .map((p, i) => ({ p, i, r: rank(p.sheet), k: addressKey(p.cell ?? '') }))
    .sort((a, b) => a.r - b.r || (a.r === sheets.length && a.p.sheet !== b.p.sheet ? ((a.p.sheet ?? '') < (b.p.sheet ?? '') ? -1 : 1) : 0) || a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.p);
}

export const MARK_FILL_ARGB = 'FFFFC7CE';
export const MARK_FONT_ARGB = 'FF9C0006';

export const SHEET_PROBLEMS = '问题清单';

/** A problem as the marking needs it: where (sheet and A1 cell, when known) and what. */
export interface MarkableProblem {
  sheet?: string;
  cell?: string;
  message: string;
}

function isMarked(cell: ExcelJS.Cell): boolean {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.type === 'pattern' && fill.fgColor?.argb === MARK_FILL_ARGB;
}

/**
 * The user's workbook with exactly the wrong cells filled red, each with a note saying what is wrong,
 * and a 问题清单 sheet listing every problem with a link to its cell.
 *
 * exceljs shares one style object between all cells read with the same cell format, so assigning
 * `cell.fill` would repaint every cell of that format (a wrong D13 once turned 14 number cells red):
 * each marked cell gets a style object of its own. Marks left by an earlier marking of the same file
 * are removed first, so a fixed cell does not stay red.
 */
export async function markWorkbook(wb: ExcelJS.Workbook, problems: readonly MarkableProblem[]): Promise<Buffer> {
  const previous = wb.getWorksheet(SHEET_PROBLEMS);
  if (previous) wb.removeWorksheet(previous.id);
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (!isMarked(cell)) return;
        const { fill: _fill, ...style } = cell.style;
        cell.style = { ...style, font: { ...(style.font ?? {}), color: undefined, bold: false } };
        // exceljs cannot delete a note: its setter always makes one, and a loaded cell keeps the note in
        // its value's model too. Drop the private comment and re-set the value (a fresh model).
        (cell as unknown as { _comment?: unknown })._comment = undefined;
        const value = cell.value;
        cell.value = value;
      }),
    );
  }

  const bySheetCell = new Map<string, { sheet: string; cell: string; messages: string[] }>();
  for (const p of problems) {
    if (!p.cell || !p.sheet) continue;
    const key = `${p.sheet}!${p.cell}`;
    const entry = bySheetCell.get(key) ?? { sheet: p.sheet, cell: p.cell, messages: [] };
    entry.messages.push(p.message);
    bySheetCell.set(key, entry);
  }
  for (const { sheet, cell: address, messages } of bySheetCell.values()) {
    const ws = wb.getWorksheet(sheet);
    if (!ws) continue;
    const cell = ws.getCell(address);
    const style = cell.style;
    cell.style = {
      ...style,
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_FILL_ARGB }, bgColor: { argb: MARK_FILL_ARGB } },
      font: { ...(style.font ?? {}), color: { argb: MARK_FONT_ARGB }, bold: true },
    };
    cell.note = messages.join('\n');
  }
  const form = wb.getWorksheet(SHEET_FORM);
  if (form) form.properties.tabColor = { argb: 'FFFF0000' };

  // 问题清单: one row per problem, in the order given, the cell a link to it.
  const list = wb.addWorksheet(SHEET_PROBLEMS, { properties: { tabColor: { argb: 'FFFF0000' } }, views: [{ state: 'frozen', ySplit: 2 }] });
  list.columns = [{ width: 6 }, { width: 12 }, { width: 10 }, { width: 80 }];
  list.getCell('A1').value = `共 ${problems.length} 个问题：点击单元格地址可跳转到该单元格，改正后重新上传（本工作表不影响上传）`;
  list.getCell('A1').font = { bold: true, size: 11 };
  list.mergeCells('A1:D1');
  const head = list.getRow(2);
  head.values = ['序号', '工作表', '单元格', '问题'];
  head.font = { bold: true };
  problems.forEach((p, i) => {
    const r = list.getRow(3 + i);
    r.getCell(1).value = i + 1;
    r.getCell(2).value = p.sheet ?? '';
    const target = p.sheet && p.cell && wb.getWorksheet(p.sheet) ? `#'${p.sheet.replace(/'/g, "''")}'!${p.cell}` : null;
    r.getCell(3).value = target ? { text: p.cell!, hyperlink: target } : (p.cell ?? '');
    if (target) r.getCell(3).font = { color: { argb: 'FF0563C1' }, underline: true };
    r.getCell(4).value = p.message;
    r.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
  list.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
