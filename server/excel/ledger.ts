/** The task ledger (任务分解台账) as a print-ready workbook: A4 landscape, title, header repeated, overdue rows in red. */
import type { Writable } from 'node:stream';
import { formatDateZh } from '../../shared/dates';
import { PROGRESS_NAMES, TASK_REPORT_STATUS_NAMES } from '../../shared/ledger';
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

export function ledgerFileName(year: number): string {
  return `${year}年度政务公开任务分解台账.xlsx`;
}

export async function writeLedgerWorkbook(out: Writable, year: number, rows: LedgerRow[], subtitle: string): Promise<void> {
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
    name: '任务分解台账',
    title: `${year}年度浙江省住房和城乡建设厅政务公开任务分解台账`,
    subtitle,
    columns: COLUMNS,
    rows: data,
    freezeColumns: 3,
    fill: (row, key) => ((row as { _overdue?: boolean })._overdue && (key === 'overdue' || key === 'progress') ? 'FFFFC7CE' : undefined),
  });
  await target.wb.commit();
}
