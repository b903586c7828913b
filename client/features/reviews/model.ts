import { formatDateTimeZh } from '../../../shared/dates';
import type { RouterOutputs } from '../../../server/root';

export type QueueRow = RouterOutputs['reviews']['queue'][number];
export type HandledRow = RouterOutputs['reviews']['handled'][number];
export type ReturnEntry = QueueRow['returns'][number];

export function unitLabel(row: Pick<QueueRow | HandledRow, 'unitName' | 'parentName' | 'unitLevel'>): string {
  return row.unitLevel === 'county' && row.parentName ? `${row.parentName}${row.unitName}` : row.unitName;
}

/** What the reviewer may do with a row: a city approves its counties, the office accepts; both may return. */
export type Decision = 'approve' | 'accept';
export function decisionFor(role: string | undefined): Decision | null {
  if (role === 'city') return 'approve';
  if (role === 'office') return 'accept';
  return null;
}

export const DECISION_NAMES: Record<Decision, string> = { approve: '审核通过', accept: '采纳' };

/** One line per return: 「第 1 版 2019年1月3日 厅办公室（浙江省）退回：理由」. */
export function returnLines(returns: readonly ReturnEntry[]): string[] {
  return returns.map((r) => `第 ${r.version} 版 ${formatDateTimeZh(r.at)} ${r.byName}${r.byUnit ? `（${r.byUnit}）` : ''}退回：${r.reason}`);
}
