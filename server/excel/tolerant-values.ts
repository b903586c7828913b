import { isIsoDate } from '../../shared/dates';
/**
 * Reading what people really type into a spreadsheet cell: numbers stored as text, full-width
 * digits (１２０), thousands separators, surrounding spaces, 是/否/Y/N/√/×, dates as Excel dates or
 * as text (2018-12-31, 2018/12/31, 2018年12月31日, 2018.12.31). Formulas give their cached result;
 * a formula that refers to another sheet or workbook is refused (its value may be stale or gone).
 *
 * Pure functions: no exceljs import, only the shape of exceljs cell values.
 */

/** A cell value as exceljs gives it (the subset we meet). */
export type RawCellValue =
  | null
  | undefined
  | number
  | string
  | boolean
  | Date
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { richText: { text: string }[] }
  | { text: unknown; hyperlink?: string }
  | { error: string }
  | object;

/** A cell reduced to one plain value. */
export type Plain =
  | { kind: 'blank' }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'hyperlink'; text: string; hyperlink: string }
  | { kind: 'invalid'; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Formula text refers to another sheet ('Sheet'!A1, Sheet!A1) or another workbook ([1]Sheet!A1). */
export function formulaRefersElsewhere(formula: string): boolean {
  // Strip string literals first: "a!b" inside quotes is text, not a reference.
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return code.includes('!') || /\[[^\]]*\]/.test(code);
}

/** Reduces an exceljs cell value to a plain value, resolving formulas to their cached result. */
export function plainOf(v: RawCellValue): Plain {
  if (v === null || v === undefined) return { kind: 'blank' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'invalid', message: '单元格的数值无效' };
  if (typeof v === 'string') return v.trim() === '' ? { kind: 'blank' } : { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { kind: 'invalid', message: '单元格的日期无效' } : { kind: 'date', value: v };
  if (!isObject(v)) return { kind: 'invalid', message: '单元格内容无法识别' };
  if ('formula' in v || 'sharedFormula' in v) {
    const formula = typeof v.formula === 'string' ? v.formula : typeof v.sharedFormula === 'string' ? v.sharedFormula : '';
    if (typeof v.formula === 'string' && formulaRefersElsewhere(v.formula)) {
      return { kind: 'invalid', message: `使用了引用其他工作表的公式（=${v.formula}），请直接填写数值` };
    }
    const result = v.result;
    if (result === undefined || result === null) {
      return { kind: 'invalid', message: `公式（=${formula}）没有保存计算结果，请在 Excel 中打开并保存后上传，或直接填写数值` };
    }
    if (isObject(result) && 'error' in result) return { kind: 'invalid', message: `公式（=${formula}）的计算结果为错误值 ${String(result.error)}` };
    const inner = plainOf(result as RawCellValue);
    return inner.kind === 'blank' ? { kind: 'blank' } : inner;
  }
  if ('richText' in v && Array.isArray(v.richText)) {
    const text = v.richText.map((r: unknown) => (isObject(r) && typeof r.text === 'string' ? r.text : '')).join('');
    return text.trim() === '' ? { kind: 'blank' } : { kind: 'string', value: text };
  }
  if ('hyperlink' in v) {
    const text = typeof v.text === 'string' ? v.text : isObject(v.text) && Array.isArray(v.text.richText) ? v.text.richText.map((r: { text?: string }) => r.text ?? '').join('') : '';
    const hyperlink = typeof v.hyperlink === 'string' ? v.hyperlink : '';
    if (!text.trim() && !hyperlink.trim()) return { kind: 'blank' };
    return { kind: 'hyperlink', text, hyperlink };
  }
  if ('error' in v) return { kind: 'invalid', message: `单元格为错误值 ${String(v.error)}` };
  if ('text' in v && typeof v.text === 'string') return v.text.trim() === '' ? { kind: 'blank' } : { kind: 'string', value: v.text };
  return { kind: 'invalid', message: '单元格内容无法识别' };
}

/**
 * Full-width to half-width (NFKC), zero-width characters removed, every kind of space trimmed.
 * '<全角空格>１２０ ' → '120'; '１，２３４' → '1,234'.
 */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\u2212\u2012\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of a plain value as the user sees it, for messages. */
export function displayOf(p: Plain): string {
  switch (p.kind) {
    case 'blank':
      return '';
    case 'number':
      return String(p.value);
    case 'string':
      return p.value.trim();
    case 'boolean':
      return p.value ? 'TRUE' : 'FALSE';
    case 'date':
      return isoOfDate(p.value);
    case 'hyperlink':
      return p.text || p.hyperlink;
    case 'invalid':
      return '';
  }
}

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; message: string };

/**
 * A number from a cell. Text is accepted with full-width digits, surrounding spaces, thousands
 * separators grouped by three (1,234 or 1 234), a leading + and a trailing unit (120套).
 * Negative numbers and decimals are returned as they are: the report validation judges them.
 */
export function parseNumberCell(p: Plain, label: string, unitSuffix?: string): Parsed<number> {
  if (p.kind === 'blank') return { ok: true, value: null };
  if (p.kind === 'invalid') return { ok: false, message: `${label}：${p.message}` };
  if (p.kind === 'number') return { ok: true, value: p.value };
  if (p.kind === 'boolean' || p.kind === 'date') return { ok: false, message: `${label}应填写数字，“${displayOf(p)}”不是数字` };
  const raw = p.kind === 'string' ? p.value : p.text;
  const n = parseNumberText(raw, unitSuffix);
  if (n === null) return { ok: false, message: `${label}应填写数字，“${raw.trim()}”不是数字` };
  return { ok: true, value: n };
}

export function parseNumberText(raw: string, unitSuffix?: string): number | null {
  let s = normalizeText(raw);
  const suffix = unitSuffix ? normalizeText(unitSuffix) : '';
  if (suffix && s.endsWith(suffix)) s = s.slice(0, -suffix.length).trim();
  s = s.replace(/^\+/, '');
  const m = /^(-?)(\d{1,3}(?:([, ])\d{3})*|\d+)(\.\d+)?$/.exec(s);
  if (!m) return null;
  const digits = m[2].replace(/[, ]/g, '');
  const n = Number(`${m[1]}${digits}${m[4] ?? ''}`);
  return Number.isFinite(n) ? n : null;
}

const YES = new Set(['是', 'Y', 'YES', '√', '✓', '✔', '☑', 'TRUE', '1', '对', '有', '已完成', '完成']);
const NO = new Set(['否', 'N', 'NO', '×', 'X', '✗', '✘', '☒', 'FALSE', '0', '错', '无', '未完成']);

/** 是/否 from a cell: 是/否, Y/N, yes/no, √/×, TRUE/FALSE (also Excel booleans), 1/0. */
export function parseYesNoCell(p: Plain, label: string): Parsed<boolean> {
  if (p.kind === 'blank') return { ok: true, value: null };
  if (p.kind === 'invalid') return { ok: false, message: `${label}：${p.message}` };
  if (p.kind === 'boolean') return { ok: true, value: p.value };
  if (p.kind === 'number' && (p.value === 1 || p.value === 0)) return { ok: true, value: p.value === 1 };
  const raw = displayOf(p);
  const s = normalizeText(raw).toUpperCase();
  if (YES.has(s)) return { ok: true, value: true };
  if (NO.has(s)) return { ok: true, value: false };
  return { ok: false, message: `${label}应填写“是”或“否”，“${raw.trim()}”无法识别` };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date as exceljs builds it from an Excel serial (UTC midnight) to 'YYYY-MM-DD'. */
export function isoOfDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Excel serial day (1900 date system) to 'YYYY-MM-DD'; fractions (times) are dropped. */
export function isoOfExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const ms = Math.round((Math.floor(serial) - 25569) * 86400 * 1000);
  return isoOfDate(new Date(ms));
}

/** '2018-12-31', '2018/12/31', '2018.12.31', '2018年12月31日', '20181231' (with an optional time) → ISO, or null. */
export function parseDateText(raw: string): string | null {
  const s = normalizeText(raw);
  const time = '(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?';
  const patterns = [
    new RegExp(`^(\\d{4})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})${time}$`),
    new RegExp(`^(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]?${time}$`),
    /^(\d{4})(\d{2})(\d{2})$/,
  ];
  for (const re of patterns) {
    const m = re.exec(s);
    if (!m) continue;
    const iso = `${m[1]}-${pad2(Number(m[2]))}-${pad2(Number(m[3]))}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/** A date from a cell: an Excel date, an Excel serial number, or text in the usual Chinese forms. */
export function parseDateCell(p: Plain, label: string): Parsed<string> {
  if (p.kind === 'blank') return { ok: true, value: null };
  if (p.kind === 'invalid') return { ok: false, message: `${label}：${p.message}` };
  if (p.kind === 'date') return { ok: true, value: isoOfDate(p.value) };
  if (p.kind === 'number') {
    const iso = isoOfExcelSerial(p.value);
    if (iso) return { ok: true, value: iso };
  }
  if (p.kind === 'string' || p.kind === 'hyperlink') {
    const iso = parseDateText(p.kind === 'string' ? p.value : p.text);
    if (iso) return { ok: true, value: iso };
  }
  return { ok: false, message: `${label}“${displayOf(p)}”不是有效日期，请填写如 2018-12-31 或 2018年12月31日` };
}

/** Free text (evidence URL, note): trimmed; a hyperlink cell gives its address. */
export function parseTextCell(p: Plain, label: string): Parsed<string> {
  if (p.kind === 'blank') return { ok: true, value: null };
  if (p.kind === 'invalid') return { ok: false, message: `${label}：${p.message}` };
  if (p.kind === 'hyperlink') {
    const link = p.hyperlink.trim();
    return { ok: true, value: /^https?:\/\//i.test(link) ? link : p.text.trim() || link };
  }
  const s = displayOf(p).trim();
  return { ok: true, value: s === '' ? null : s };
}
