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
import { displayWidth, sanitizeSheetText } from './export-workbook';
import { EXCEL_MAX_UPLOAD_BYTES } from './messages';
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
  const keys: ('date' | 'numerator' | 'denominator' | 'count' | 'yes')[] =
    rule === 'deadline' ? ['date'] : rule === 'ratio' ? ['numerator', 'denominator'] : rule === 'count' ? ['count'] : rule === 'boolean' ? ['yes'] : [];
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
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF999999' } },
  left: { style: 'thin', color: { argb: 'FF999999' } },
  bottom: { style: 'thin', color: { argb: 'FF999999' } },
  right: { style: 'thin', color: { argb: 'FF999999' } },
};

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** How the indicator is scored, in one sentence. */
export function ruleText(ind: Indicator, level: ReportingLevel): string {
  const r = effectiveRule(ind, level).rule;
  const unit = ind.value?.unit ?? '';
  switch (r) {
    case 'deadline':
      return `${formatDateZh(ind.deadline)}前完成得满分；每逾期一个月（不足一个月按一个月计）扣 ${ind.deductPerMonth ?? 0} 分，扣完为止`;
    case 'ratio':
      return `按“${fieldLabel(ind, 'numerator')} ÷ ${fieldLabel(ind, 'denominator')}”计算，达到 ${Math.round((ind.target ?? 1) * 100)}% 得满分，未达到按比例得分${ind.fullWhenNone ? '；无任务（分母为 0）得满分' : ''}`;
    case 'count':
      return `达到 ${ind.target ?? 0} ${unit} 得满分，未达到按比例得分`;
    case 'boolean':
      return '填“是”并提供证明材料得满分，否则不得分';
    case 'manual':
      return '由审核人员评分';
    case 'rollup':
      return '由所辖县(市、区)数据汇总计算，无需填报';
  }
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

function validationFor(f: TemplateField, view: ReportView): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning' as const, showInputMessage: true, promptTitle: f.label.slice(0, 32) };
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
  cell.font = { name: FONT, size: 11, bold: opts.bold ?? false };
  cell.fill = opts.fill ?? GREY;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', wrapText: opts.wrap ?? true };
  cell.protection = { locked: true };
}

function styleInput(cell: ExcelJS.Cell, numFmt?: string) {
  cell.font = { name: FONT, size: 11 };
  cell.fill = INPUT_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', wrapText: true };
  cell.protection = { locked: false };
  if (numFmt) cell.numFmt = numFmt;
}

const PROTECT_OPTIONS: Partial<ExcelJS.WorksheetProtection> = {
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
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${HEADER_ROW}` },
  });
  buildForm(form, view, layout, unit);
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
  const widths: number[] = new Array(last + 1).fill(10);
  widths[layout.codeCol] = 10;
  widths[layout.nameCol] = 36;
  for (let i = 0; i < layout.pairs; i++) {
    widths[layout.labelCol(i)] = 22;
    widths[layout.valueCol(i)] = 16;
  }
  widths[layout.urlCol] = 40;
  widths[layout.noteCol] = 24;
  widths[layout.hintCol] = 44;
  for (let c = 1; c <= last; c++) ws.getColumn(c).width = widths[c];

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
  let c = 1;
  for (const [k, v] of info) {
    const kc = ws.getCell(2, c);
    kc.value = k;
    styleLocked(kc, { bold: true, fill: HEAD_FILL, wrap: false });
    const vc = ws.getCell(2, c + 1);
    vc.value = v;
    styleLocked(vc, { wrap: false });
    vc.alignment = { vertical: 'middle', shrinkToFit: true };
    c += 2;
  }
  if (c <= last) {
    ws.mergeCells(2, c, 2, last);
    const sc = ws.getCell(2, c);
    sc.value = `${view.scheme.year}年度考核方案 第 ${view.scheme.version} 版`;
    styleLocked(sc, { wrap: false });
  }
  ws.getRow(2).height = 22;

  ws.mergeCells(3, 1, 3, last);
  const hint = ws.getCell(3, 1);
  hint.value = '请只填写白底单元格（灰底为锁定内容，请勿删除、插入或移动行）。数量填整数；日期如 2018-12-31；是否填“是”或“否”。填好后在系统“填报”页上传本文件，详见“填报说明”。';
  hint.font = { name: FONT, size: 10, color: { argb: 'FF7F0000' } };
  hint.alignment = { vertical: 'middle', wrapText: true };
  ws.getRow(3).height = 30;

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
  ws.getRow(HEADER_ROW).height = 24;

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
      vc.dataValidation = validationFor(f, view);
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
      promptTitle: '公开网页链接',
      prompt: '公开该事项的网页地址，以 http:// 或 https:// 开头',
    };
    const note = row.getCell(layout.noteCol);
    note.value = saved?.note ? sanitizeSheetText(saved.note) : null;
    styleInput(note, '@');
    note.dataValidation = { type: 'textLength', operator: 'lessThanOrEqual', formulae: [MAX_NOTE_LENGTH], allowBlank: true, showErrorMessage: true, errorStyle: 'warning' };
    const hintCell = row.getCell(layout.hintCol);
    const file = saved?.evidenceFile ? '已在网页上传证明文件（上传本表后保留）。' : '';
    hintCell.value = [ruleText(ind, layout.level), evidenceText(ind), file].filter(Boolean).join('；');
    styleLocked(hintCell);
    hintCell.font = { name: FONT, size: 9, color: { argb: 'FF555555' } };
    const lines = Math.max(Math.ceil(displayWidth(ind.name) / (widths[layout.nameCol] - 2)), Math.ceil(displayWidth(String(hintCell.value)) / (widths[layout.hintCol] - 2) * 0.8), 1);
    row.height = Math.min(90, Math.max(22, lines * 15 + 4));
  }
}

function buildGuide(ws: ExcelJS.Worksheet, view: ReportView, layout: TemplateLayout, unit: OrgUnit, now: Date) {
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 8;
  ws.getColumn(4).width = 56;
  ws.getColumn(5).width = 30;
  ws.getColumn(6).width = 30;
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  let r = 1;
  const line = (text: string, opts: { bold?: boolean; size?: number; color?: string } = {}) => {
    ws.mergeCells(r, 1, r, 6);
    const c = ws.getCell(r, 1);
    c.value = text;
    c.font = { name: FONT, size: opts.size ?? 11, bold: opts.bold ?? false, ...(opts.color ? { color: { argb: opts.color } } : {}) };
    c.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(r).height = Math.max(18, Math.ceil(displayWidth(text) / 170) * 16);
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
    const values = [ind.code, ind.name, ind.points[layout.level] ?? 0, ruleText(ind, layout.level), row.fields.map((f) => f.display).join('；'), evidenceText(ind)];
    values.forEach((v, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = v;
      c.font = { name: FONT, size: 10 };
      c.border = THIN;
      c.alignment = { vertical: 'middle', wrapText: true, ...(i === 2 ? { horizontal: 'center' } : {}) };
    });
    ws.getRow(r).height = Math.min(80, Math.max(20, Math.ceil(Math.max(displayWidth(ind.name) / 38, displayWidth(values[3] as string) / 54)) * 15 + 4));
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
