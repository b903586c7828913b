import type { RouterOutputs } from '../../../server/root';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';

export type Grid = RouterOutputs['periods']['statusGrid'];
export type GridRow = Grid['rows'][number];
export type GridCell = GridRow['cells'][number];
export type GridPeriod = Grid['periods'][number];
export type GridSummary = Grid['summary'][number];

export type CellKind = 'on-time' | 'late' | 'missing' | 'pending' | 'na';

export interface CellSpec {
  kind: CellKind;
  /** Shown in the cell; always carries the meaning without colour. */
  symbol: string;
  label: string;
  /** Report status as small text under the label. */
  status: string;
  /** Full sentence for the tooltip and for screen readers. */
  description: string;
}

export const KIND_LEGEND: { kind: CellKind; symbol: string; label: string; meaning: string }[] = [
  { kind: 'on-time', symbol: '✓', label: '按时', meaning: '在截止日期（含延期）当天或之前首次报送' },
  { kind: 'late', symbol: '!', label: '逾期 N 天', meaning: '截止日期后才首次报送，N 为逾期天数' },
  { kind: 'missing', symbol: '✗', label: '未报', meaning: '已过截止日期，尚未报送' },
  { kind: 'pending', symbol: '…', label: '未到期', meaning: '尚未报送，截止日期未到' },
  { kind: 'na', symbol: '—', label: '不适用', meaning: '该期次时单位尚未设立或已撤销' },
];

export function statusText(cell: Pick<GridCell, 'reportStatus'>): string {
  return cell.reportStatus ? REPORT_STATUS_NAMES[cell.reportStatus] : '未填报';
}

/** What one unit × period cell says, in words first and colour second. */
export function cellSpec(cell: GridCell, period: Pick<GridPeriod, 'due'> | undefined): CellSpec {
  const extended = period && cell.deadline !== period.due ? `（已延期，原截止 ${formatDateZh(period.due)}）` : '';
  const deadline = `截止 ${formatDateZh(cell.deadline)}${extended}`;
  const status = statusText(cell);
  const submitted = cell.submittedAt ? `首次报送于 ${formatDateTimeZh(cell.submittedAt)}` : '';
  if (!cell.exists || cell.timeliness === null) {
    return { kind: 'na', symbol: '—', label: '不适用', status: '', description: '该期次时单位不存在，不参加本期报送' };
  }
  switch (cell.timeliness) {
    case 'on-time':
      return { kind: 'on-time', symbol: '✓', label: '按时', status, description: `按时报送：${submitted}，${deadline}；当前状态：${status}` };
    case 'late':
      return {
        kind: 'late',
        symbol: '!',
        label: `逾期 ${cell.daysLate} 天`,
        status,
        description: `逾期 ${cell.daysLate} 天报送：${submitted}，${deadline}；当前状态：${status}`,
      };
    case 'missing':
      return { kind: 'missing', symbol: '✗', label: '未报', status, description: `未报送，已逾期 ${cell.daysLate} 天：${deadline}；当前状态：${status}` };
    case 'pending':
      return { kind: 'pending', symbol: '…', label: '未到期', status, description: `尚未报送，${deadline}；当前状态：${status}` };
  }
}

export type GridAnnual = NonNullable<GridRow['annual']>;

/**
 * The annual-report cell of a row: the same words and symbols as a period's cell, but on time means
 * published (公开日期) on or before the year's due date.
 */
export function annualCellSpec(a: GridRow['annual'], due: string): CellSpec {
  if (!a) return { kind: 'na', symbol: '—', label: '不适用', status: '', description: '本单位不单独填报政府信息公开工作年度报告' };
  const base = cellSpec({ periodCode: 'annual', exists: true, reportId: a.reportId, reportStatus: a.reportStatus, timeliness: a.timeliness, daysLate: a.daysLate, deadline: due, submittedAt: null }, { due });
  const published = a.publishedOn ? `公开于 ${formatDateZh(a.publishedOn)}` : '尚未公开';
  const broken = a.problems ? `；报送的数据有 ${a.problems} 处不一致` : '';
  const what = { 'on-time': '按时公开', late: `逾期 ${a.daysLate} 天公开`, missing: `未报送，已逾期 ${a.daysLate} 天`, pending: '尚未报送' }[a.timeliness];
  return { ...base, status: a.problems ? `${base.status}·数据不一致` : base.status, description: `年度报告${what}：${published}，截止 ${formatDateZh(due)}；当前状态：${base.status}${broken}` };
}

export function annualHref(unitCode: string, year: number): string {
  return `/annual?${new URLSearchParams({ unit: unitCode, year: String(year) }).toString()}`;
}

export function reportHref(unitCode: string, periodCode: string): string {
  return `/report?${new URLSearchParams({ unit: unitCode, period: periodCode }).toString()}`;
}

/** Cities first, each followed by its counties; a county whose city is not in the list keeps its place. */
export function orderRows(rows: GridRow[]): GridRow[] {
  const codes = new Set(rows.map((r) => r.unitCode));
  const children = new Map<string, GridRow[]>();
  for (const r of rows) {
    if (r.parentCode && codes.has(r.parentCode)) children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r]);
  }
  const out: GridRow[] = [];
  for (const r of [...rows].sort((a, b) => a.unitCode.localeCompare(b.unitCode))) {
    if (r.parentCode && codes.has(r.parentCode)) continue;
    out.push(r, ...(children.get(r.unitCode) ?? []).sort((a, b) => a.unitCode.localeCompare(b.unitCode)));
  }
  return out;
}
