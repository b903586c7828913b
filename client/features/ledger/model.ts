import type { RouterOutputs } from '../../../server/root';
import { tallyByDivision } from '../../../shared/ledger';

export type LedgerData = RouterOutputs['ledger']['list'];
export type LedgerRow = LedgerData['rows'][number];

export const STATUS_FILTERS = [
  { value: 'not_started', label: '未开始' },
  { value: 'in_progress', label: '推进中' },
  { value: 'done', label: '已完成' },
  { value: 'overdue', label: '已逾期（未完成）' },
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number]['value'];

export const rowKey = (r: Pick<LedgerRow, 'taskId' | 'instance' | 'ownerCode'>) => `${r.taskId}|${r.instance}|${r.ownerCode}`;

/** Per division: instances, done, done on time, overdue now (most overdue first). */
export function divisionProgress(rows: LedgerRow[], today: string) {
  return tallyByDivision(rows, today).sort((a, b) => b.overdue - a.overdue || a.code.localeCompare(b.code));
}
