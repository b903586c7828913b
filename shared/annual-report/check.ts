import { z } from 'zod';
import { IsoDate } from '../scheme';
import { formatDateZh, isIsoDate } from '../dates';
import { evidenceUrlProblem, MAX_REPORTED_NUMBER } from '../validation';
import {
  cellKey,
  columnLabel,
  describeCell,
  findBlock,
  formatCells,
  rowLabel,
  totalCells,
  type AnnualFormat,
  type AnnualRule,
} from './format';

/**
 * The consistency check of a 政府信息公开工作年度报告. Pure and exhaustive: every problem is returned at
 * once, each naming its table, row and column in Chinese and carrying the address of the cell
 * (`block.row.column`, `texts.<key>`, `publishedUrl`, `publishedOn`) so the form and the marked
 * workbook can show it there.
 *
 * Rules:
 * - Every cell: a finite number, ≥ 0, ≤ 10,000,000; whole numbers unless the column allows decimals
 *   (行政事业性收费: at most two). Unknown cells are errors.
 * - The format's sum rules ('columns': the 总计 column = the sum of its parts in every row; 'rows': a
 *   total row = the sum of its items in every column) — checked once the total and at least one part
 *   are filled, blank parts counting as 0 (so a wrong total shows as the user types); balance rules
 *   (一 + 二 = 三（七）+ 四 in every column) — checked once all their cells are filled.
 * - Publication URL: an absolute http(s) URL; publication date: a real day, not before 1 January of
 *   the year after the report year and not after today.
 * - 'submit' only: every cell filled (0 when none), the text 一 总体情况 written, URL and date given.
 * - Year over year (warning only): this year's 上年结转 should equal last year's 结转下年度 in every
 *   column; the message shows both numbers.
 */

export const AnnualReportData = z.strictObject({
  cells: z.record(z.string().max(100), z.number().nullable()),
  texts: z.record(z.string().max(40), z.string().max(20000)),
  publishedUrl: z.string().max(2000).nullable(),
  publishedOn: IsoDate.nullable(),
});
export type AnnualReportData = z.infer<typeof AnnualReportData>;

export function emptyAnnualData(): AnnualReportData {
  return { cells: {}, texts: {}, publishedUrl: null, publishedOn: null };
}

export interface AnnualProblem {
  /** The cell's address, or `texts.<key>`, `publishedUrl`, `publishedOn`. */
  cell: string;
  /** 二 / 三 / 四, or the section number of a text; '' for the publication fields. */
  table: string;
  row: string;
  column: string;
  message: string;
}

export interface AnnualCheckResult {
  errors: AnnualProblem[];
  warnings: AnnualProblem[];
}

export interface AnnualCheckInput {
  format: AnnualFormat;
  /** The report year (2018 for the report published by 31 January 2019). */
  year: number;
  data: AnnualReportData;
  mode: 'draft' | 'submit';
  /** Today (YYYY-MM-DD): the publication date cannot be later. */
  today: string;
  /** Last year's accepted report of the same unit, for the year-over-year warning. */
  previous?: { year: number; data: AnnualReportData } | null;
}

function isBlank(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined;
}

function fmt(n: number, decimals = 0): string {
  return decimals ? n.toFixed(decimals) : String(n);
}

/** Sum in hundredths so that fee amounts (two decimals) add up exactly. */
export function exactSum(values: number[]): number {
  return values.reduce((s, v) => s + Math.round(v * 100), 0) / 100;
}

function ruleChecks(format: AnnualFormat, rule: AnnualRule, cells: AnnualReportData['cells']): AnnualProblem[] {
  const { table, block } = findBlock(format, rule.block);
  const out: AnnualProblem[] = [];
  const problem = (row: string, column: string, message: string): AnnualProblem => {
    const r = block.rows.find((x) => x.key === row)!;
    const c = block.columns.find((x) => x.key === column)!;
    const key = cellKey(block.key, row, column);
    return { cell: key, table: table.number, row: rowLabel(r), column: columnLabel(c), message: `${describeCell(format, key)}：${message}` };
  };
  const get = (row: string, column: string) => cells[cellKey(block.key, row, column)];
  // A sum is checked once its total and at least one part are filled; blank parts count as 0 (so a
  // wrong total shows while typing). A balance waits until all its cells are filled.
  const ready = (a: (number | null | undefined)[], b: (number | null | undefined)[]) => !a.every(isBlank) && !b.every(isBlank);
  const filled = (vals: (number | null | undefined)[]) => vals.map((v) => v ?? 0);
  if (rule.kind === 'columns') {
    for (const r of block.rows) {
      const total = get(r.key, rule.total);
      const parts = rule.parts.map((p) => get(r.key, p));
      if (isBlank(total) || !ready([total], parts)) continue;
      const sum = exactSum(filled(parts));
      if (sum !== total) out.push(problem(r.key, rule.total, `应等于${rule.partsName}之和 ${sum}，填写的是 ${total}`));
    }
  } else if (rule.kind === 'rows') {
    for (const c of block.columns) {
      const total = get(rule.total, c.key);
      const parts = rule.parts.map((p) => get(p, c.key));
      if (isBlank(total) || !ready([total], parts)) continue;
      const sum = exactSum(filled(parts));
      if (sum !== total) out.push(problem(rule.total, c.key, `应等于${rule.partsName}之和 ${sum}，填写的是 ${total}`));
    }
  } else {
    const name = (k: string) => block.rows.find((r) => r.key === k)!.label;
    for (const c of block.columns) {
      const left = rule.left.map((k) => get(k, c.key));
      const right = rule.right.map((k) => get(k, c.key));
      if (left.some(isBlank) || right.some(isBlank)) continue;
      const l = exactSum(left as number[]);
      const r = exactSum(right as number[]);
      if (l !== r) {
        const side = (keys: string[], vals: (number | null | undefined)[]) => keys.map((k, i) => `${name(k)}（${vals[i]}）`).join(' + ');
        out.push(
          problem(
            rule.right[rule.right.length - 1],
            c.key,
            `${side(rule.left, left)} = ${l}，应等于 ${side(rule.right, right)} = ${r}`,
          ),
        );
      }
    }
  }
  return out;
}

export function checkAnnualReport(input: AnnualCheckInput): AnnualCheckResult {
  const { format, data, mode } = input;
  const errors: AnnualProblem[] = [];
  const warnings: AnnualProblem[] = [];
  const cells = formatCells(format);
  const known = new Set(cells.map((c) => c.key));
  for (const key of Object.keys(data.cells)) {
    if (!known.has(key)) errors.push({ cell: key, table: '', row: '', column: '', message: `年度报告格式中没有单元格 ${key}` });
  }
  const totals = totalCells(format);
  for (const c of cells) {
    const v = data.cells[c.key];
    const base = { cell: c.key, table: c.table.number, row: rowLabel(c.row), column: columnLabel(c.column) };
    const where = describeCell(format, c.key);
    if (isBlank(v)) {
      if (mode === 'submit') errors.push({ ...base, message: `${where}：请填写${totals.has(c.key) ? '（合计数）' : ''}，没有请填 0` });
      continue;
    }
    const decimals = c.column.decimals ?? 0;
    if (!Number.isFinite(v)) errors.push({ ...base, message: `${where}：应为数字` });
    else if (v < 0) errors.push({ ...base, message: `${where}：不能为负数` });
    else if (v > MAX_REPORTED_NUMBER) errors.push({ ...base, message: `${where}：数值过大（不超过 ${MAX_REPORTED_NUMBER}）` });
    else if (decimals === 0 && !Number.isInteger(v)) errors.push({ ...base, message: `${where}：应为整数` });
    else if (decimals > 0 && Math.abs(v * 10 ** decimals - Math.round(v * 10 ** decimals)) > 1e-6)
      errors.push({ ...base, message: `${where}：最多保留${decimals === 2 ? '两' : decimals}位小数` });
  }
  const invalid = new Set(errors.map((e) => e.cell));
  const numeric: AnnualReportData['cells'] = {};
  for (const [k, v] of Object.entries(data.cells)) if (!invalid.has(k)) numeric[k] = v;
  for (const rule of format.rules) errors.push(...ruleChecks(format, rule, numeric));

  const textKeys = new Set(format.texts.map((t) => t.key));
  for (const key of Object.keys(data.texts)) {
    if (!textKeys.has(key)) errors.push({ cell: `texts.${key}`, table: '', row: '', column: '', message: `年度报告格式中没有文字部分 ${key}` });
  }
  for (const t of format.texts) {
    const text = data.texts[t.key] ?? '';
    const base = { cell: `texts.${t.key}`, table: t.number, row: t.title, column: '' };
    if (text.length > t.maxLength) errors.push({ ...base, message: `${t.title}：不超过 ${t.maxLength} 字` });
    if (mode === 'submit' && t.number === '一' && !text.trim()) errors.push({ ...base, message: `${t.title}：请填写` });
  }

  const url = data.publishedUrl?.trim() ?? '';
  const urlBase = { cell: 'publishedUrl', table: '', row: '公开网址', column: '' };
  if (url) {
    const p = evidenceUrlProblem(url);
    if (p) errors.push({ ...urlBase, message: `年度报告公开网址：${p.replace('公开网页链接', '网址')}` });
  } else if (mode === 'submit') errors.push({ ...urlBase, message: '年度报告公开网址：请填写本单位网站上公开年度报告的网页地址' });
  const dateBase = { cell: 'publishedOn', table: '', row: '公开日期', column: '' };
  const on = data.publishedOn;
  if (on) {
    const earliest = `${input.year + 1}-01-01`;
    if (!isIsoDate(on)) errors.push({ ...dateBase, message: '年度报告公开日期：日期无效' });
    else if (on < earliest) errors.push({ ...dateBase, message: `年度报告公开日期：${input.year}年度报告应在${formatDateZh(earliest)}或之后公开，填写的是${formatDateZh(on)}` });
    else if (on > input.today) errors.push({ ...dateBase, message: `年度报告公开日期：不能晚于今天（${formatDateZh(input.today)}），填写的是${formatDateZh(on)}` });
  } else if (mode === 'submit') errors.push({ ...dateBase, message: '年度报告公开日期：请填写' });

  if (input.previous) {
    for (const y of format.yearOverYear) {
      const { table, block } = findBlock(format, y.block);
      const thisRow = block.rows.find((r) => r.key === y.thisYear)!;
      const lastRow = block.rows.find((r) => r.key === y.lastYear)!;
      for (const c of block.columns) {
        const key = cellKey(block.key, y.thisYear, c.key);
        const now = numeric[key];
        const before = input.previous.data.cells[cellKey(block.key, y.lastYear, c.key)];
        if (isBlank(now) || isBlank(before) || now === before) continue;
        warnings.push({
          cell: key,
          table: table.number,
          row: rowLabel(thisRow),
          column: columnLabel(c),
          message: `${describeCell(format, key)}为 ${fmt(now)}，${input.previous.year}年度报告“${lastRow.label}”为 ${fmt(before)}，两者应一致`,
        });
      }
    }
  }
  return { errors, warnings };
}

/**
 * Recomputes every total cell from its parts (rows totals first, then column totals, so the corner
 * cell is the grand total either way). A total whose parts are not all filled keeps what was given —
 * or, with `partsFilled: 'any'` (an uploaded workbook, whose totals are never read), is the sum of
 * the parts that are filled, blanks counting as 0 as the checker counts them; no part filled: blank.
 */
export function recomputeTotals(format: AnnualFormat, cells: AnnualReportData['cells'], opts: { partsFilled?: 'all' | 'any' } = {}): AnnualReportData['cells'] {
  const out = { ...cells };
  const any = opts.partsFilled === 'any';
  const usable = (parts: (number | null | undefined)[]) =>
    any ? parts.some((v) => typeof v === 'number' && Number.isFinite(v)) : parts.every((v) => typeof v === 'number' && Number.isFinite(v));
  const sum = (parts: (number | null | undefined)[]) => exactSum(parts.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)));
  const ordered = [...format.rules.filter((r) => r.kind === 'rows'), ...format.rules.filter((r) => r.kind === 'columns')];
  for (const rule of ordered) {
    const { block } = findBlock(format, rule.block);
    if (rule.kind === 'rows') {
      for (const c of block.columns) {
        const parts = rule.parts.map((p) => out[cellKey(block.key, p, c.key)]);
        if (usable(parts)) out[cellKey(block.key, rule.total, c.key)] = sum(parts);
      }
    } else {
      for (const r of block.rows) {
        const parts = rule.parts.map((p) => out[cellKey(block.key, r.key, p)]);
        if (usable(parts)) out[cellKey(block.key, r.key, rule.total)] = sum(parts);
      }
    }
  }
  return out;
}

/** Cell-by-cell sum of several reports (blank counts as 0), exact for two-decimal amounts. */
export function sumAnnualCells(format: AnnualFormat, reports: AnnualReportData['cells'][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of formatCells(format)) out[c.key] = exactSum(reports.map((r) => r[c.key] ?? 0));
  return out;
}

/** The headline figures of a report (or of a sum of reports), by the format's figure keys. */
export function annualFigures(format: AnnualFormat, cells: AnnualReportData['cells']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of format.figures) out[f.key] = exactSum(f.cells.map((k) => cells[k] ?? 0));
  return out;
}

/** 公开率: (予以公开 + 部分公开) / （七）总计, as numerator, denominator and a percentage (null when nothing was handled). */
export function disclosureRate(format: AnnualFormat, cells: AnnualReportData['cells']): { numerator: number; denominator: number; percent: number | null } {
  const numerator = exactSum(format.disclosureRate.numerator.map((k) => cells[k] ?? 0));
  const denominator = cells[format.disclosureRate.denominator] ?? 0;
  return { numerator, denominator, percent: denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : null };
}
