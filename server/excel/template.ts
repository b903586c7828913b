/**
 * Fill-in templates: one workbook per unit × period with
 * - 填报说明: what to fill, units, deadlines and the rules that are checked;
 * - 填报表: unit, code and period pre-filled and locked; one row per indicator the unit reports, with
 *   its labels (and units) locked and the input cells unlocked, data validation on the inputs, an
 *   evidence-URL column and a note column; already-saved values pre-filled;
 * - _meta (very hidden): template format, scheme year and version, unit, period, the indicator codes
 *   and an HMAC-SHA256 over them, so a template of another unit, period or scheme version is
 *   recognised on upload.
 *
 * The layout (which row and column holds what) is computed from the scheme, so the parser finds
 * every cell the same way (see `templateLayout`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Queryable } from '../../db/client';
import { settings } from '../../db/schema';
import { readSetting } from '../../db/repo/settings';
import { unitExistedIn } from '../../shared/periods';
import { REPORT_STATUS_NAMES } from '../../shared/reports';
import { effectiveRule, reportedIndicatorsFor, type Indicator, type ReportingLevel } from '../../shared/scheme';
import type { IndicatorValue } from '../../shared/report-values';
import { earliestValueDate, fieldLabel, MAX_NOTE_LENGTH, MAX_REPORTED_NUMBER, MAX_URL_LENGTH } from '../../shared/validation';
import { loadReportView, type ReportView } from '../services/report-context';
import type { OrgUnit, UnitDirectory } from '../services/unit-directory';
import { columnPx, PRINT_MARGINS, PRINT_WIDTH_PX, rowHeightFor, sanitizeSheetText } from './export-workbook';
import { EXCEL_MAX_UPLOAD_BYTES } from './messages';
import { describeRule } from '../../shared/rule-description';
import { annualSources } from '../../shared/annual-report/indicator-cells';
import { formatDateTimeZh, formatDateZh } from '../../shared/dates';

export const TEMPLATE_FORMAT = '1';
export const SHEET_GUIDE = '填报说明';
export const SHEET_FORM = '填报表';
export const SHEET_META = '_meta';
export const HEADER_ROW = 4;
export const FIRST_DATA_ROW = 5;
export const SECRET_KEY = 'excel.templateSecret';

export type ValueFieldKey = 'date' | 'numerator' | 'denominator' | 'count' | 'yes' | `extra:${string}`;
export type FieldKind = 'int' | 'decimal' | 'date' | 'yes';

export interface TemplateField {
  key: ValueFieldKey;
  /** Label as the validation messages name the field. */
  label: string;
  /** Label shown in the sheet, with the unit of measure. */
  display: string;
  kind: FieldKind;
}

export interface TemplateRow {
  indicator: Indicator;
  row: number;
  fields: TemplateField[];
}

export interface TemplateLayout {
  level: ReportingLevel;
  /** Label/value column pairs per row. */
  pairs: number;
  rows: TemplateRow[];
  codeCol: number;
  nameCol: number;
  labelCol: (i: number) => number;
  valueCol: (i: number) => number;
  urlCol: number;
  noteCol: number;
  hintCol: number;
  lastCol: number;
}

const RULE_FIELD_KIND: Record<'date' | 'numerator' | 'denominator' | 'count' | 'yes', FieldKind> = {
  date: 'date',
  numerator: 'int',
  denominator: 'int',
  count: 'int',
  yes: 'yes',
};

/** The value fields of an indicator at a level, in sheet order (rule fields, then extra figures). */
export function templateFields(ind: Indicator, level: ReportingLevel): TemplateField[] {
  const rule = effectiveRule(ind, level).rule;
  // Fields the scheme takes from the annual report have no cell here (shared/annual-report/indicator-cells.ts).
  const fromAnnual = new Set<string>(annualSources(ind, level).map((a) => a.field));
  const keys = (
    (rule === 'deadline' ? ['date'] : rule === 'ratio' ? ['numerator', 'denominator'] : rule === 'count' ? ['count'] : rule === 'boolean' ? ['yes'] : []) as ('date' | 'numerator' | 'denominator' | 'count' | 'yes')[]
  ).filter((k) => !fromAnnual.has(k));
  const unit = ind.value?.unit;
  const fields: TemplateField[] = keys.map((k) => {
    const label = fieldLabel(ind, k);
    const display = k === 'yes' ? '是否完成（是/否）' : k === 'date' ? `${label}（未完成留空）` : unit ? `${label}（${unit}）` : label;
    return { key: k, label, display, kind: RULE_FIELD_KIND[k] };
  });
  for (const [key, label] of Object.entries(ind.extra ?? {})) fields.push({ key: `extra:${key}`, label, display: label, kind: 'decimal' });
  return fields;
}

export function colLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${colLetter(col)}${row}`;
}

export function templateLayout(indicators: Indicator[], level: ReportingLevel): TemplateLayout {
  const reported = reportedIndicatorsFor({ indicators }, level);
  const rows = reported.map((indicator, i) => ({ indicator, row: FIRST_DATA_ROW + i, fields: templateFields(indicator, level) }));
  const pairs = Math.max(2, ...rows.map((r) => r.fields.length));
  const urlCol = 3 + 2 * pairs;
  return {
    level,
    pairs,
    rows,
    codeCol: 1,
    nameCol: 2,
    labelCol: (i) => 3 + 2 * i,
    valueCol: (i) => 4 + 2 * i,
    urlCol,
    noteCol: urlCol + 1,
    hintCol: urlCol + 2,
    lastCol: urlCol + 2,
  };
}

// ---------------------------------------------------------------------------------------------
// Checksum

export interface TemplateMeta {
  format: string;
  year: string;
  schemeVersion: string;
  unitCode: string;
  unitName: string;
  periodCode: string;
  periodName: string;
  indicators: string;
  generatedAt: string;
  checksum: string;
}

export const META_KEYS: (keyof TemplateMeta)[] = ['format', 'year', 'schemeVersion', 'unitCode', 'unitName', 'periodCode', 'periodName', 'indicators', 'generatedAt', 'checksum'];

/** The server-side secret of template checksums (random, kept in the settings table). */
export function templateSecret(db: Queryable, create: boolean): string | null {
  const found = readSetting(db, SECRET_KEY);
  if (found || !create) return found;
  db.insert(settings).values({ key: SECRET_KEY, value: randomBytes(32).toString('hex') }).onConflictDoNothing().run();
  return readSetting(db, SECRET_KEY);
}

function canonical(m: Pick<TemplateMeta, 'format' | 'year' | 'schemeVersion' | 'unitCode' | 'periodCode' | 'indicators'>): string {
  return ['zwgk-template', m.format, m.year, m.schemeVersion, m.unitCode, m.periodCode, m.indicators].join('|');
}

export function metaChecksum(secret: string, m: Parameters<typeof canonical>[0]): string {
  return createHmac('sha256', secret).update(canonical(m)).digest('hex');
}

export function checksumMatches(secret: string | null, m: TemplateMeta): boolean {
  if (!secret || !/^[0-9a-f]{64}$/.test(m.checksum)) return false;
  const want = Buffer.from(metaChecksum(secret, m), 'hex');
  return timingSafeEqual(want, Buffer.from(m.checksum, 'hex'));
}

// ---------------------------------------------------------------------------------------------
// Building

const FONT = '宋体';
const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFFF' } };

// ---------------------------------------------------------------------------------------------
// Printing: A4 landscape at 100 % (never shrunk below the fonts' sizes, all ≥ 9 pt), rows tall enough
// for their wrapped text, the header rows repeated on every page.

const BODY_SIZE = 10;
const SMALL_SIZE = 9;

/** A4 (landscape unless said), one page wide, centred, page numbers in the footer; `titleRows` repeat on every page. */
export function printSetup(ws: ExcelJS.Worksheet, titleRows?: string, orientation: 'portrait' | 'landscape' = 'landscape') {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: PRINT_MARGINS,
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
  ws.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };
}
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF999999' } },
  left: { style: 'thin', color: { argb: 'FF999999' } },
  bottom: { style: 'thin', color: { argb: 'FF999999' } },
  right: { style: 'thin', color: { argb: 'FF999999' } },
};

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function evidenceText(ind: Indicator): string {
  return ind.evidence === 'required' ? '须提供证明材料（公开网页链接或在网页上传文件）' : ind.evidence === 'optional' ? '可提供证明材料' : '';
}

function valueForCell(v: IndicatorValue | undefined, f: TemplateField): ExcelJS.CellValue {
  if (!v) return null;
  if (f.key.startsWith('extra:')) {
    const x = v.extra?.[f.key.slice(6)];
    return typeof x === 'number' ? x : null;
  }
  switch (f.key) {
    case 'date':
      return v.date ? utcDate(v.date) : null;
    case 'yes':
      return v.yes === true ? '是' : v.yes === false ? '否' : null;
    case 'numerator':
    case 'denominator':
    case 'count': {
      const n = v[f.key];
      return typeof n === 'number' ? n : null;
    }
    default:
      return null;
  }
}

/**
 * A prompt title naming the cell's indicator. It also keeps every cell's validation different from its
 * neighbours': exceljs squeezes equal validations into ranges and, sorting addresses as text (G10
 * before G5), writes overlapping ranges such as G10:G16 inside G5:G16 (exceljs issue #2820), which
 * Excel may answer with a repair prompt. Excel allows at most 32 characters here.
 */
function promptTitle(code: string, label: string): string {
  return `${code} ${label}`.slice(0, 32);
}

function validationFor(f: TemplateField, view: ReportView, code: string): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning' as const, showInputMessage: true, promptTitle: promptTitle(code, f.label) };
  switch (f.kind) {
    case 'int':
      return { ...common, type: 'whole', operator: 'between', formulae: [0, MAX_REPORTED_NUMBER], errorTitle: '请填写整数', error: `应填写 0 至 ${MAX_REPORTED_NUMBER} 之间的整数`, prompt: '填写大于等于 0 的整数，如 120' };
    case 'decimal':
      return { ...common, type: 'decimal', operator: 'between', formulae: [0, MAX_REPORTED_NUMBER], errorTitle: '请填写数字', error: '应填写大于等于 0 的数字', prompt: '填写数字，如 92.5' };
    case 'date':
      return {
        ...common,
        type: 'date',
        operator: 'between',
        formulae: [utcDate(earliestValueDate(view.scheme.year)), utcDate(view.period.locks)],
        errorTitle: '请填写日期',
        error: `应填写 ${formatDateZh(earliestValueDate(view.scheme.year))} 至今的日期，如 2018-12-31`,
        prompt: '填写日期，如 2018-12-31；尚未完成留空',
      };
    case 'yes':
      return { ...common, type: 'list', formulae: ['"是,否"'], errorTitle: '请选择是或否', error: '请从下拉列表选择“是”或“否”', prompt: '选择“是”或“否”' };
  }
}

function styleLocked(cell: ExcelJS.Cell, opts: { bold?: boolean; wrap?: boolean; fill?: ExcelJS.Fill } = {}) {
  cell.font = { name: FONT, size: BODY_SIZE, bold: opts.bold ?? false };
  cell.fill = opts.fill ?? GREY;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', wrapText: opts.wrap ?? true };
  cell.protection = { locked: true };
}

function styleInput(cell: ExcelJS.Cell, numFmt?: string) {
  cell.font = { name: FONT, size: BODY_SIZE };
  cell.fill = INPUT_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', wrapText: true };
  cell.protection = { locked: false };
  if (numFmt) cell.numFmt = numFmt;
}

/** Sheet protection of our workbooks: locked cells stay as they are; no rows or columns inserted, deleted or sorted. */
export const PROTECT_OPTIONS: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  formatCells: false,
  insertRows: false,
  deleteRows: false,
  insertColumns: false,
  deleteColumns: false,
  sort: false,
  autoFilter: false,
};

export interface BuiltTemplate {
  buffer: Buffer;
  fileName: string;
  meta: TemplateMeta;
}

export function templateFileName(unitName: string, periodName: string): string {
  return `${unitName}${periodName}填报模板.xlsx`;
}

/** Builds the template of one unit × period from the report as it stands. */
export async function buildTemplate(db: Queryable, unit: OrgUnit, periodCode: string, now: Date, secret: string): Promise<BuiltTemplate> {
  const view = loadReportView(db, unit, periodCode, now);
  if (!view.level) throw new Error('省级单位不填报');
  const layout = templateLayout(view.indicators, view.level);
  const periodName = view.period.name;

  const wb = new ExcelJS.Workbook();
  wb.creator = '政务公开考核系统';
  wb.created = now;
  wb.modified = now;
  wb.title = `${unit.name}${periodName}填报模板`;

  const metaBase = {
    format: TEMPLATE_FORMAT,
    year: String(view.scheme.year),
    schemeVersion: String(view.scheme.version),
    unitCode: unit.code,
    periodCode: view.period.code,
    indicators: layout.rows.map((r) => r.indicator.code).join(','),
  };
  const meta: TemplateMeta = {
    ...metaBase,
    unitName: unit.name,
    periodName,
    generatedAt: now.toISOString(),
    checksum: metaChecksum(secret, metaBase),
  };

  buildGuide(wb.addWorksheet(SHEET_GUIDE, { properties: { tabColor: { argb: 'FF1F4E79' } } }), view, layout, unit, now);
  const form = wb.addWorksheet(SHEET_FORM, {
    properties: { tabColor: { argb: 'FFB71C1C' } },
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW, activeCell: cellAddress(FIRST_DATA_ROW, layout.valueCol(0)) }],
  });
  buildForm(form, view, layout, unit);
  printSetup(form, `${HEADER_ROW}:${HEADER_ROW}`);
  const metaSheet = wb.addWorksheet(SHEET_META, { state: 'veryHidden' });
  for (const key of META_KEYS) metaSheet.addRow([key, meta[key]]);
  metaSheet.getColumn(1).width = 16;
  metaSheet.getColumn(2).width = 70;

  await Promise.all([form.protect('', PROTECT_OPTIONS), metaSheet.protect('', { selectLockedCells: false, selectUnlockedCells: false })]);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, fileName: templateFileName(unit.name, periodName), meta };
}

function buildForm(ws: ExcelJS.Worksheet, view: ReportView, layout: TemplateLayout, unit: OrgUnit) {
  const last = layout.lastCol;
  // Widths that add up to one A4 landscape page at 100 %: the 计分方式与要求 column takes what is left.
  const widths: number[] = new Array(last + 1).fill(10);
  widths[layout.codeCol] = 8;
  widths[layout.nameCol] = 22;
  for (let i = 0; i < layout.pairs; i++) {
    widths[layout.labelCol(i)] = layout.pairs > 2 ? 11 : 14;
    widths[layout.valueCol(i)] = 11;
  }
  widths[layout.urlCol] = 20;
  widths[layout.noteCol] = 12;
  widths[layout.hintCol] = 0;
  const used = widths.slice(1).reduce((a, w) => a + (w ? columnPx(w) : 0), 0);
  widths[layout.hintCol] = Math.max(16, Math.floor((PRINT_WIDTH_PX - used - 5) / 7));
  for (let c = 1; c <= last; c++) ws.getColumn(c).width = widths[c];
  const spanWidth = (from: number, to: number) => widths.slice(from, to + 1).reduce((a, w) => a + w, 0);

  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = `${unit.name}${view.period.name}政务公开工作进度填报表`;
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;

  const info: [string, string][] = [
    ['填报单位', unit.name],
    ['单位代码', unit.code],
    ['填报期次', view.period.name],
    ['报送截止', formatDateZh(view.period.extension?.due ?? view.period.due)],
  ];
  // Each label and value in a cell of its own, wrapped: a long period name never runs into the next cell.
  const infoCells: { text: string; width: number; size: number }[] = [];
  let c = 1;
  for (const [k, v] of info) {
    const kc = ws.getCell(2, c);
    kc.value = k;
    styleLocked(kc, { bold: true, fill: HEAD_FILL });
    const vc = ws.getCell(2, c + 1);
    vc.value = v;
    styleLocked(vc);
    infoCells.push({ text: k, width: widths[c], size: BODY_SIZE }, { text: v, width: widths[c + 1], size: BODY_SIZE });
    c += 2;
  }
  if (c <= last) {
    ws.mergeCells(2, c, 2, last);
    const sc = ws.getCell(2, c);
    sc.value = `${view.scheme.year}年度考核方案 第 ${view.scheme.version} 版`;
    styleLocked(sc);
    infoCells.push({ text: String(sc.value), width: spanWidth(c, last), size: BODY_SIZE });
  }
  ws.getRow(2).height = rowHeightFor(infoCells, 22);

  ws.mergeCells(3, 1, 3, last);
  const hint = ws.getCell(3, 1);
  hint.value = '请只填写白底单元格（灰底为锁定内容，请勿删除、插入或移动行）。数量填整数；日期如 2018-12-31；是否填“是”或“否”。填好后在系统“填报”页上传本文件，详见“填报说明”。';
  hint.font = { name: FONT, size: BODY_SIZE, color: { argb: 'FF7F0000' } };
  hint.alignment = { vertical: 'middle', wrapText: true };
  ws.getRow(3).height = rowHeightFor([{ text: String(hint.value), width: spanWidth(1, last), size: BODY_SIZE }], 20);

  const headers: [number, string][] = [
    [layout.codeCol, '指标代码'],
    [layout.nameCol, '指标名称'],
    [layout.urlCol, '公开网页链接（证明材料）'],
    [layout.noteCol, '备注'],
    [layout.hintCol, '计分方式与要求'],
  ];
  for (let i = 0; i < layout.pairs; i++) {
    headers.push([layout.labelCol(i), `填报项${i === 0 ? '一' : i === 1 ? '二' : String(i + 1)}`]);
    headers.push([layout.valueCol(i), '填报值']);
  }
  for (const [col, text] of headers) {
    const h = ws.getCell(HEADER_ROW, col);
    h.value = text;
    styleLocked(h, { bold: true, fill: HEAD_FILL });
    h.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  ws.getRow(HEADER_ROW).height = rowHeightFor(headers.map(([col, text]) => ({ text, width: widths[col], size: BODY_SIZE })), 24);

  for (const r of layout.rows) {
    const ind = r.indicator;
    const saved = view.values[ind.code];
    const row = ws.getRow(r.row);
    const code = row.getCell(layout.codeCol);
    code.value = ind.code;
    styleLocked(code, { wrap: false });
    const name = row.getCell(layout.nameCol);
    name.value = ind.name;
    styleLocked(name);
    for (let i = 0; i < layout.pairs; i++) {
      const f = r.fields[i];
      const lc = row.getCell(layout.labelCol(i));
      const vc = row.getCell(layout.valueCol(i));
      if (!f) {
        lc.value = null;
        styleLocked(lc);
        vc.value = null;
        styleLocked(vc);
        continue;
      }
      lc.value = f.display;
      styleLocked(lc);
      vc.value = valueForCell(saved, f);
      styleInput(vc, f.kind === 'date' ? 'yyyy-mm-dd' : f.kind === 'int' ? '0' : f.kind === 'decimal' ? '0.##' : '@');
      if (f.kind === 'yes') vc.alignment = { horizontal: 'center', vertical: 'middle' };
      vc.dataValidation = validationFor(f, view, ind.code);
    }
    const url = row.getCell(layout.urlCol);
    url.value = saved?.evidenceUrl ? sanitizeSheetText(saved.evidenceUrl) : null;
    styleInput(url, '@');
    url.dataValidation = {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [MAX_URL_LENGTH],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'warning',
      showInputMessage: true,
      promptTitle: promptTitle(ind.code, '公开网页链接'),
      prompt: '公开该事项的网页地址，以 http:// 或 https:// 开头',
    };
    const note = row.getCell(layout.noteCol);
    note.value = saved?.note ? sanitizeSheetText(saved.note) : null;
    styleInput(note, '@');
    note.dataValidation = {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [MAX_NOTE_LENGTH],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: '备注过长',
      error: `备注不超过 ${MAX_NOTE_LENGTH} 字`,
      showInputMessage: true,
      promptTitle: promptTitle(ind.code, '备注'),
      prompt: `需要说明的情况，不超过 ${MAX_NOTE_LENGTH} 字`,
    };
    const hintCell = row.getCell(layout.hintCol);
    const file = saved?.evidenceFile ? '已在网页上传证明文件（上传本表后保留）。' : '';
    hintCell.value = [describeRule(ind, layout.level), evidenceText(ind), file].filter(Boolean).join('；');
    styleLocked(hintCell);
    hintCell.font = { name: FONT, size: SMALL_SIZE, color: { argb: 'FF404040' } };
    // Tall enough for every wrapped cell of the row: the name, the labels, the 证明材料 requirements, saved texts.
    const texts = [
      { text: ind.name, width: widths[layout.nameCol], size: BODY_SIZE },
      { text: String(hintCell.value), width: widths[layout.hintCol], size: SMALL_SIZE },
      ...r.fields.map((f, i) => ({ text: f.display, width: widths[layout.labelCol(i)], size: BODY_SIZE })),
      ...(url.value ? [{ text: String(url.value), width: widths[layout.urlCol], size: BODY_SIZE }] : []),
      ...(note.value ? [{ text: String(note.value), width: widths[layout.noteCol], size: BODY_SIZE }] : []),
    ];
    row.height = rowHeightFor(texts, 22);
  }
  signatureBlock(ws, layout);
}

/**
 * What a paper form carries below the table: 填报人, 联系电话, 填报日期, 单位负责人（签字）and a box for the
 * unit's seal. Column A (the indicator codes the upload reads) stays empty here.
 */
function signatureBlock(ws: ExcelJS.Worksheet, layout: TemplateLayout) {
  const top = FIRST_DATA_ROW + layout.rows.length + 1;
  const label = (row: number, col: number, text: string) => {
    const cell = ws.getCell(row, col);
    cell.value = text;
    cell.font = { name: FONT, size: BODY_SIZE, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'right', wrapText: true };
  };
  const blank = (row: number, from: number, to: number) => {
    if (to > from) ws.mergeCells(row, from, row, to);
    const cell = ws.getCell(row, from);
    cell.font = { name: FONT, size: BODY_SIZE };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
    cell.protection = { locked: false };
  };
  const v0 = layout.labelCol(0);
  const v0end = layout.valueCol(0);
  const l1 = layout.labelCol(1);
  const v1 = layout.valueCol(1);
  const v1end = layout.urlCol - 1 >= v1 ? layout.urlCol - 1 : v1;
  label(top, layout.nameCol, '填报人：');
  blank(top, v0, v0end);
  label(top, l1, '联系电话：');
  blank(top, v1, v1end);
  label(top + 1, layout.nameCol, '单位负责人（签字）：');
  blank(top + 1, v0, v0end);
  label(top + 1, l1, '填报日期：');
  blank(top + 1, v1, v1end);
  for (const r of [top, top + 1]) ws.getRow(r).height = 30;
  // The seal box: bordered, to the right of the signatures, three rows high.
  const sealFrom = layout.noteCol;
  ws.mergeCells(top, sealFrom, top + 3, layout.hintCol);
  const seal = ws.getCell(top, sealFrom);
  seal.value = '单位盖章';
  seal.font = { name: FONT, size: BODY_SIZE, color: { argb: 'FF808080' } };
  seal.alignment = { horizontal: 'center', vertical: 'top' };
  seal.border = { top: { style: 'medium' }, left: { style: 'medium' }, bottom: { style: 'medium' }, right: { style: 'medium' } };
  for (const r of [top + 2, top + 3]) ws.getRow(r).height = 30;
}

function buildGuide(ws: ExcelJS.Worksheet, view: ReportView, layout: TemplateLayout, unit: OrgUnit, now: Date) {
  // Six columns that fit A4 landscape at 100 %.
  const widths = [0, 10, 30, 6, 40, 30, 0];
  widths[6] = Math.floor((PRINT_WIDTH_PX - widths.slice(1, 6).reduce((a, w) => a + columnPx(w), 0) - 5) / 7);
  for (let c = 1; c <= 6; c++) ws.getColumn(c).width = widths[c];
  const all = widths.reduce((a, w) => a + w, 0);
  let r = 1;
  const line = (text: string, opts: { bold?: boolean; size?: number; color?: string } = {}) => {
    ws.mergeCells(r, 1, r, 6);
    const c = ws.getCell(r, 1);
    c.value = text;
    const size = opts.size ?? 11;
    c.font = { name: FONT, size, bold: opts.bold ?? false, ...(opts.color ? { color: { argb: opts.color } } : {}) };
    c.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(r).height = rowHeightFor([{ text, width: all, size }], 18);
    r++;
  };
  line(`${unit.name}${view.period.name}政务公开工作进度填报说明`, { bold: true, size: 16 });
  r++;
  line('一、基本信息', { bold: true, size: 12 });
  const due = view.period.extension?.due ?? view.period.due;
  line(`填报单位：${unit.name}（${unit.code}）`);
  line(`填报期次：${view.period.name}（${view.period.code}）`);
  line(`开始填报：${formatDateZh(view.period.opens)}；报送截止：${formatDateZh(due)}${view.period.extension ? '（已延期）' : ''}；锁定日期：${formatDateZh(view.period.locks)}（锁定后不能再修改）`);
  line(`考核方案：${view.scheme.title}（第 ${view.scheme.version} 版）`);
  line(`模板生成时间：${formatDateTimeZh(now.toISOString())}${view.report ? `；生成时报告状态：${REPORT_STATUS_NAMES[view.report.status]}` : ''}`);
  if (view.editBlock) line(`注意：${view.editBlock}`, { color: 'FFB71C1C', bold: true });
  r++;
  line('二、填写方法', { bold: true, size: 12 });
  const steps = [
    '在“填报表”工作表中只填写白底单元格；灰底单元格（单位、期次、指标代码和名称等）已锁定，请勿修改，也不要删除、插入或移动行。',
    '数量、件数、户数、套数填写大于等于 0 的整数，可带千位分隔符（如 1,234），全角数字（如 １２０）也能识别。',
    '日期填写如 2018-12-31、2018/12/31、2018.12.31 或 2018年12月31日；时限类事项尚未完成时留空。',
    '是否类事项填写“是”或“否”（也能识别 Y/N、√/×）。',
    '“公开网页链接”填写公开该事项的网页地址，以 http:// 或 https:// 开头；已在网页上传的证明文件会保留。',
    '累计数（如已完成套数、已发布期数）低于上一季度已采纳的数值时，请在“备注”中说明原因。',
    `填好后保存为 .xlsx 文件（不超过 ${EXCEL_MAX_UPLOAD_BYTES / 1024 / 1024} MB），在系统“填报”页上传：可保存为草稿，也可上传并报送。`,
    '上传时按与网页填报相同的规则校验；只要有一处问题就不保存任何数据，并列出每处问题所在的工作表和单元格，还可下载标注了问题的文件，修改后重新上传。',
    '本模板只能用于本单位本期；其他单位、其他期次或考核方案更新前下载的模板会被拒绝，请重新下载。',
  ];
  steps.forEach((s, i) => line(`${i + 1}. ${s}`));
  r++;
  line('三、上传时校验的规则', { bold: true, size: 12 });
  const rules = [
    `数字须为大于等于 0 的数字，且不超过 ${MAX_REPORTED_NUMBER.toLocaleString('en-US')}；分子、分母和数量须为整数。`,
    '分子不能大于分母（如“已完成改造套数”不能大于“年度计划改造套数”）。',
    `日期须为有效日期，不早于 ${formatDateZh(earliestValueDate(view.scheme.year))}，不晚于上传当天。`,
    '公开网页链接须以 http:// 或 https:// 开头，格式正确。',
    '上传并报送时：每项指标须填写完整（时限类未完成可留空）；注明“须提供证明材料”的指标，填报了完成情况时须有公开网页链接或已上传的证明文件。',
    `备注不超过 ${MAX_NOTE_LENGTH} 字。`,
  ];
  rules.forEach((s) => line(`· ${s}`));
  r++;
  line('四、本期填报指标', { bold: true, size: 12 });
  // The table's header row repeats on every printed page.
  printSetup(ws, `${r}:${r}`);
  const head = ['指标代码', '指标名称', '分值', '计分方式', '填报项', '证明材料'];
  head.forEach((h, i) => {
    const c = ws.getCell(r, i + 1);
    c.value = h;
    c.font = { name: FONT, size: 11, bold: true };
    c.fill = HEAD_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  r++;
  for (const row of layout.rows) {
    const ind = row.indicator;
    const values = [ind.code, ind.name, ind.points[layout.level] ?? 0, describeRule(ind, layout.level), row.fields.map((f) => f.display).join('；'), evidenceText(ind)];
    values.forEach((v, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = v;
      c.font = { name: FONT, size: BODY_SIZE };
      c.border = THIN;
      c.alignment = { vertical: 'middle', wrapText: true, ...(i === 2 ? { horizontal: 'center' } : {}) };
    });
    ws.getRow(r).height = rowHeightFor(values.map((v, i) => ({ text: String(v), width: widths[i + 1], size: BODY_SIZE })), 20);
    r++;
  }
}

// ---------------------------------------------------------------------------------------------
// A city's zip of its counties' templates

export async function buildCountyTemplatesZip(
  db: Queryable,
  units: UnitDirectory,
  city: OrgUnit,
  period: { code: string; name: string; due: string },
  now: Date,
  secret: string,
): Promise<{ buffer: Buffer; fileName: string; count: number }> {
  const zip = new JSZip();
  const counties = units.childrenOf(city.code).filter((u) => u.level === 'county' && unitExistedIn(u, period));
  for (const county of counties) {
    const t = await buildTemplate(db, county, period.code, now, secret);
    zip.file(t.fileName, t.buffer, { compression: 'STORE', date: now });
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE', platform: 'DOS' });
  return { buffer, fileName: `${city.name}${period.name}各县(市、区)填报模板.zip`, count: counties.length };
}
