import { effectiveRule, type Indicator, type ReportingLevel } from '../scheme';
import { annualFormat, DEFAULT_ANNUAL_FORMAT_ID, describeCell, formatCells } from './format';

/**
 * An indicator's figures taken from the unit's accepted 政府信息公开工作年度报告 instead of its progress
 * report: the scheme maps a value field (numerator / denominator / count) to a cell of the annual
 * report (`block.row.column`, e.g. MC-02 收到申请件数 ← `applications.new.total`, 表三“一、本年新收”行“总计”列).
 * This is the one place that says which fields of which indicator come from where; the scheme check,
 * the report validation, the scoring engine and `describeRule` all ask it.
 */

export const ANNUAL_SOURCE_FIELDS = ['numerator', 'denominator', 'count'] as const;
export type AnnualSourceField = (typeof ANNUAL_SOURCE_FIELDS)[number];

const FIELDS_OF_RULE: Partial<Record<string, readonly AnnualSourceField[]>> = { ratio: ['numerator', 'denominator'], count: ['count'] };

/** The fields of `ind` taken from an annual-report cell at `level` (none when the rule there reads no such field, e.g. a city rollup). */
export function annualSources(ind: Indicator, level: ReportingLevel): { field: AnnualSourceField; cell: string }[] {
  if (!ind.annual) return [];
  const fields = FIELDS_OF_RULE[effectiveRule(ind, level).rule] ?? [];
  return fields.flatMap((field) => (ind.annual?.[field] ? [{ field, cell: ind.annual[field]! }] : []));
}

/** 表三“一、本年新收政府信息公开申请数量”行“总计”列 — how the cell is named in explanations and the scheme editor. */
export function annualCellName(cell: string, formatId: string = DEFAULT_ANNUAL_FORMAT_ID): string {
  return describeCell(annualFormat(formatId), cell);
}

/** Problems of an indicator's mapping (fields its rule does not use, cells the format does not have). */
export function annualSourceProblems(ind: Indicator, formatId: string = DEFAULT_ANNUAL_FORMAT_ID): { field: string; message: string }[] {
  if (!ind.annual) return [];
  const cells = new Set(formatCells(annualFormat(formatId)).map((c) => c.key));
  const uses = new Set<string>(FIELDS_OF_RULE[ind.rule] ?? []);
  const out: { field: string; message: string }[] = [];
  for (const [field, cell] of Object.entries(ind.annual)) {
    if (!cell) continue;
    if (!uses.has(field)) out.push({ field, message: `指标 ${ind.code} 的计分方式不使用${field === 'count' ? '数量' : field === 'numerator' ? '分子' : '分母'}，不能从年度报告取数` });
    else if (!cells.has(cell)) out.push({ field, message: `指标 ${ind.code} 引用的年度报告单元格 ${cell} 不存在` });
  }
  return out;
}

/** Every number cell of the format, for the scheme editor's choice: value and Chinese name. */
export function annualCellOptions(formatId: string = DEFAULT_ANNUAL_FORMAT_ID): { value: string; label: string }[] {
  const format = annualFormat(formatId);
  return formatCells(format).map((c) => ({ value: c.key, label: describeCell(format, c.key) }));
}
