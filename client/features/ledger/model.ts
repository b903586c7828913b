import type { RouterOutputs } from '../../../server/root';

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

/** Per division: instances, done, done on time, overdue now. */
export function divisionProgress(rows: LedgerRow[]) {
  const by = new Map<string, { code: string; name: string; total: number; done: number; onTime: number; overdue: number; dueSoFar: number }>();
  for (const r of rows) {
    const d = by.get(r.ownerCode) ?? { code: r.ownerCode, name: r.ownerName, total: 0, done: 0, onTime: 0, overdue: 0, dueSoFar: 0 };
    d.total++;
    if (r.progress === 'done') d.done++;
    if (r.onTime) d.onTime++;
    if (r.overdue) d.overdue++;
    by.set(r.ownerCode, d);
  }
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || a.code.localeCompare(b.code));
}
