/**
 * The task ledger (任务分解台账) as a print-ready workbook: A4 landscape, title, header repeated, overdue
 * rows in red; a second sheet, 预算决算公开, lists the budgets and final accounts of 第十三条 against their
 * 20-day deadline, with timing and review in the register's words.
 */
import type { Writable } from 'node:stream';
import { BUDGET_CLAUSE, BUDGET_DISCLOSURE_DAYS, budgetReviewText, budgetTimingText } from '../../shared/budget';
import { formatDateZh } from '../../shared/dates';
import { PROGRESS_NAMES, TASK_REPORT_STATUS_NAMES } from '../../shared/ledger';
import type { BudgetRow } from '../services/department/budgets';
import type { LedgerRow } from '../services/department/ledger';
import { newWorkbookWriter, writeSheet, type CellInput, type SheetColumn } from './export-workbook';

const COLUMNS: SheetColumn[] = [
  { key: 'no', title: '序号', format: 'integer' },
  { key: 'clause', title: '条款' },
  { key: 'text', title: '任务', wrap: true, width: 48 },
  { key: 'instance', title: '期次' },
  { key: 'owner', title: '责任处室' },
  { key: 'due', title: '截止日期' },
  { key: 'progress', title: '进展' },
  { key: 'completedOn', title: '完成日期' },
  { key: 'overdue', title: '逾期天数', format: 'integer' },
  { key: 'review', title: '审核状态' },
  { key: 'evidence', title: '佐证材料', wrap: true, width: 36 },
  { key: 'note', title: '备注', wrap: true, width: 30 },
];

export const SHEET_LEDGER = '任务分解台账';
export const SHEET_BUDGETS = '预算决算公开';

const BUDGET_COLUMNS: SheetColumn[] = [
  { key: 'no', title: '序号', format: 'integer' },
  { key: 'kind', title: '类别' },
  { key: 'title', title: '公开事项', wrap: true, width: 40 },
  { key: 'owner', title: '责任处室' },
  { key: 'approvedOn', title: '批复日期' },
  { key: 'due', title: '公开截止日期' },
  { key: 'publishedOn', title: '公开日期' },
  { key: 'timing', title: '时效' },
  { key: 'url', title: '公开网址', wrap: true, width: 36 },
  { key: 'review', title: '审核状态' },
  { key: 'note', title: '备注', wrap: true, width: 30 },
];

export function ledgerFileName(year: number): string {
  return `${year}年度政务公开任务分解台账.xlsx`;
}

/** The ledger's rows and the register's items as the export's filters selected them, as of `today`. */
export interface LedgerWorkbookInput {
  year: number;
  today: string;
  rows: LedgerRow[];
  budgets: BudgetRow[];
}

export async function writeLedgerWorkbook(out: Writable, { year, today, rows, budgets }: LedgerWorkbookInput): Promise<void> {
  const target = newWorkbookWriter(out);
  const data = rows.map((r, i): Record<string, CellInput> & { _overdue: boolean } => ({
    _overdue: r.overdue,
    no: i + 1,
    clause: `(${r.clause})`,
    text: r.text,
    instance: r.instanceLabel || '—',
    owner: r.ownerName,
    due: formatDateZh(r.due),
    progress: PROGRESS_NAMES[r.progress ?? 'not_started'],
    completedOn: r.completedOn ? formatDateZh(r.completedOn) : '',
    overdue: r.overdueDays,
    review: r.reportStatus ? TASK_REPORT_STATUS_NAMES[r.reportStatus] : '未报告',
    evidence: r.evidenceUrl && /^https?:\/\//.test(r.evidenceUrl) ? { text: r.evidenceUrl, hyperlink: r.evidenceUrl } : r.evidenceFile ? `已上传文件 ${r.evidenceFile.slice(0, 12)}…` : '',
    note: r.note ?? '',
  }));
  await writeSheet(target, {
    name: SHEET_LEDGER,
    title: `${year}年度浙江省住房和城乡建设厅政务公开任务分解台账`,
    subtitle: `截至 ${formatDateZh(today)}；逾期天数：未完成的任务计至当日，已完成的任务计至完成日期`,
    columns: COLUMNS,
    rows: data,
    freezeColumns: 3,
    fill: (row, key) => ((row as { _overdue?: boolean })._overdue && (key === 'overdue' || key === 'progress') ? 'FFFFC7CE' : undefined),
  });
  const late = budgets.filter((b) => b.overdue || (b.publishedOn && !b.onTime)).length;
  await writeSheet(target, {
    name: SHEET_BUDGETS,
    title: `${year}年度浙江省住房和城乡建设厅预算、决算公开情况（第${BUDGET_CLAUSE}条）`,
    subtitle: `截至 ${formatDateZh(today)}；批复后 ${BUDGET_DISCLOSURE_DAYS} 日内公开（预算法第十四条），事项计入公开截止日期所在年度；共 ${budgets.length} 项${late ? `，逾期 ${late} 项` : ''}`,
    columns: BUDGET_COLUMNS,
    rows: budgets.map((b, i): Record<string, CellInput> & { _overdue: boolean } => ({
      _overdue: b.overdue,
      no: i + 1,
      kind: b.kindName,
      title: `${b.title}（${b.fiscalYear} 年度）`,
      owner: b.unitName,
      approvedOn: formatDateZh(b.approvedOn),
      due: formatDateZh(b.due),
      publishedOn: b.publishedOn ? formatDateZh(b.publishedOn) : '未公开',
      timing: budgetTimingText(b),
      url: b.url && /^https?:\/\//.test(b.url) ? { text: b.url, hyperlink: b.url } : '',
      review: budgetReviewText(b.status, b.version),
      note: [b.returnReason ? `退回理由：${b.returnReason}` : '', b.note ?? ''].filter(Boolean).join('；'),
    })),
    freezeColumns: 3,
    fill: (row, key) => ((row as { _overdue?: boolean })._overdue && key === 'timing' ? 'FFFFC7CE' : undefined),
  });
  await target.wb.commit();
}
