import { z } from 'zod';
import national2021 from '../../fixtures/annual-report-format-2021.json';

/**
 * The format of the statutory 政府信息公开工作年度报告 as data: its statistical tables (laid out in
 * blocks of rows × columns, each cell addressed `block.row.column`), its text sections and its
 * consistency rules. Definitions are versioned by `id`; a reporting year names the one it uses.
 * The 2021 national format (国办公开办函〔2021〕30号) is `fixtures/annual-report-format-2021.json`.
 */

const Key = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

export const AnnualColumn = z.strictObject({
  key: Key,
  label: z.string().min(1),
  /** Header groups above the label, outermost first (e.g. 行政诉讼 › 未经复议直接起诉). */
  group: z.array(z.string().min(1)).optional(),
  /** Decimal places allowed; absent = whole numbers. */
  decimals: z.number().int().min(1).max(4).optional(),
});

export const AnnualRow = z.strictObject({
  key: Key,
  label: z.string().min(1),
  /** Row groups to the left of the label, outermost first (e.g. 三、本年度办理结果 › （三）不予公开). */
  group: z.array(z.string().min(1)).optional(),
});

export const AnnualBlock = z.strictObject({
  key: Key,
  /** A heading row above the block, e.g. 第二十条第（一）项. */
  heading: z.string().optional(),
  /** Text of the top-left header cell above the row labels. */
  rowHeader: z.string().optional(),
  /** A header spanning all columns, e.g. 申请人情况. */
  columnHeader: z.string().optional(),
  columns: z.array(AnnualColumn).min(1),
  rows: z.array(AnnualRow).min(1),
});

export const AnnualTable = z.strictObject({
  /** 二 / 三 / 四 */
  number: z.string().min(1),
  title: z.string().min(1),
  blocks: z.array(AnnualBlock).min(1),
});

const sumRuleFields = {
  id: z.string().min(1),
  block: Key,
  total: Key,
  parts: z.array(Key).min(1),
  /** How messages name the parts: “应等于{partsName}之和”. */
  partsName: z.string().min(1),
  description: z.string().min(1),
};
/** In every row, column `total` = Σ columns `parts`. */
const ColumnsRule = z.strictObject({ kind: z.literal('columns'), ...sumRuleFields });
/** In every column, row `total` = Σ rows `parts`. */
const RowsRule = z.strictObject({ kind: z.literal('rows'), ...sumRuleFields });

const BalanceRule = z.strictObject({
  id: z.string().min(1),
  /** In every column: Σ rows `left` = Σ rows `right`. */
  kind: z.literal('balance'),
  block: Key,
  left: z.array(Key).min(1),
  right: z.array(Key).min(1),
  description: z.string().min(1),
});

export const AnnualRule = z.discriminatedUnion('kind', [ColumnsRule, RowsRule, BalanceRule]);

export const AnnualFormat = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  source: z.string().min(1),
  /** Default due date of a year's report, in the following year: MM-DD. */
  dueMonthDay: z.string().regex(/^\d{2}-\d{2}$/),
  texts: z.array(z.strictObject({ key: Key, number: z.string(), title: z.string(), maxLength: z.number().int().positive() })),
  tables: z.array(AnnualTable).min(1),
  rules: z.array(AnnualRule),
  /** This year's row `thisYear` should equal last year's row `lastYear` in every column (a warning). */
  yearOverYear: z.array(z.strictObject({ block: Key, thisYear: Key, lastYear: Key })),
  /** Headline figures of the office's summary and chart: each the sum of some cells. */
  figures: z.array(z.strictObject({ key: Key, label: z.string().min(1), cells: z.array(z.string().min(1)).min(1) })),
  /** 公开率 = Σ numerator cells / denominator cell. */
  disclosureRate: z.strictObject({ numerator: z.array(z.string().min(1)).min(1), denominator: z.string().min(1), description: z.string().min(1) }),
});

export type AnnualColumn = z.infer<typeof AnnualColumn>;
export type AnnualRow = z.infer<typeof AnnualRow>;
export type AnnualBlock = z.infer<typeof AnnualBlock>;
export type AnnualTable = z.infer<typeof AnnualTable>;
export type AnnualRule = z.infer<typeof AnnualRule>;
export type AnnualFormat = z.infer<typeof AnnualFormat>;

/** Every format the product knows, by id. A year names one (default: the newest). */
export const ANNUAL_FORMATS: Record<string, AnnualFormat> = Object.fromEntries(
  [AnnualFormat.parse(national2021)].map((f) => [f.id, f]),
);
export const DEFAULT_ANNUAL_FORMAT_ID = 'national-2021';

export function annualFormat(id: string): AnnualFormat {
  const f = ANNUAL_FORMATS[id];
  if (!f) throw new Error(`未知的年度报告格式：${id}`);
  return f;
}

export function cellKey(block: string, row: string, column: string): string {
  return `${block}.${row}.${column}`;
}

export interface CellInfo {
  key: string;
  table: AnnualTable;
  block: AnnualBlock;
  row: AnnualRow;
  column: AnnualColumn;
}

const cellCache = new WeakMap<AnnualFormat, CellInfo[]>();

/** Every cell of the format, table by table, row by row. */
export function formatCells(format: AnnualFormat): CellInfo[] {
  const cached = cellCache.get(format);
  if (cached) return cached;
  const out: CellInfo[] = [];
  for (const table of format.tables)
    for (const block of table.blocks)
      for (const row of block.rows) for (const column of block.columns) out.push({ key: cellKey(block.key, row.key, column.key), table, block, row, column });
  cellCache.set(format, out);
  return out;
}

export function findBlock(format: AnnualFormat, blockKey: string): { table: AnnualTable; block: AnnualBlock } {
  for (const table of format.tables) for (const block of table.blocks) if (block.key === blockKey) return { table, block };
  throw new Error(`年度报告格式 ${format.id} 没有表块 ${blockKey}`);
}

/** The row's label with its groups, e.g. “（三）不予公开 1.属于国家秘密”. The top group (三、本年度办理结果) is kept. */
export function rowLabel(row: AnnualRow): string {
  return [...(row.group ?? []), row.label].join(' ');
}

export function columnLabel(column: AnnualColumn): string {
  return [...(column.group ?? []), column.label].join('—');
}

/** 表三“（七）总计”行“自然人”列 — how every message names a cell. */
export function describeCell(format: AnnualFormat, key: string): string {
  const info = formatCells(format).find((c) => c.key === key);
  if (!info) return key;
  const rowPart = info.block.rows.length === 1 && info.row.key === 'count' ? '' : `“${rowLabel(info.row)}”行`;
  return `表${info.table.number}${rowPart}“${columnLabel(info.column)}”列`;
}

/** Cells whose value is computed from other cells by a sum rule (recomputed on upload, shown read-only totals). */
export function totalCells(format: AnnualFormat): Set<string> {
  const out = new Set<string>();
  for (const rule of format.rules) {
    if (rule.kind === 'balance') continue;
    const { block } = findBlock(format, rule.block);
    if (rule.kind === 'columns') for (const r of block.rows) out.add(cellKey(block.key, r.key, rule.total));
    else for (const c of block.columns) out.add(cellKey(block.key, rule.total, c.key));
  }
  return out;
}

/** Default due date of the report for `year`: in the following year, on the format's month-day (31 January). */
export function defaultAnnualDue(format: AnnualFormat, year: number): string {
  return `${year + 1}-${format.dueMonthDay}`;
}

/**
 * The total cells whose value depends on any of `keys` (directly or through another total): when a
 * part could not be read, its totals are unknown too, and a problem of theirs would only repeat it.
 */
export function totalsDependingOn(format: AnnualFormat, keys: Iterable<string>): Set<string> {
  const out = new Set<string>(keys);
  let grew = true;
  while (grew) {
    grew = false;
    for (const rule of format.rules) {
      if (rule.kind === 'balance') continue;
      const { block } = findBlock(format, rule.block);
      const pairs: [string, string[]][] =
        rule.kind === 'columns'
          ? block.rows.map((r) => [cellKey(block.key, r.key, rule.total), rule.parts.map((p) => cellKey(block.key, r.key, p))])
          : block.columns.map((c) => [cellKey(block.key, rule.total, c.key), rule.parts.map((p) => cellKey(block.key, p, c.key))]);
      for (const [total, parts] of pairs) {
        if (!out.has(total) && parts.some((p) => out.has(p))) {
          out.add(total);
          grew = true;
        }
      }
    }
  }
  return out;
}
