import { Tag, Tooltip } from 'antd';
import type { QueueRow } from './model';
import { formatDateZh } from '../../../shared/dates';

/** The words of a timeliness (also the queue export's 时效 column). */
export function timelinessText(t: QueueRow['timeliness']): string {
  return t.status === 'on-time' ? '按时' : t.status === 'late' ? `逾期 ${t.daysLate} 天` : t.status === 'missing' ? `未报（逾期 ${t.daysLate} 天）` : '未到期';
}

/** 按时 (green) or 逾期 N 天 (orange), with the deadline applied in the tooltip. */
export function TimelinessTag({ t }: { t: QueueRow['timeliness'] }) {
  const mark = t.status === 'on-time' ? '✓ ' : t.status === 'late' ? '! ' : t.status === 'missing' ? '✗ ' : '';
  const color = t.status === 'on-time' ? 'success' : t.status === 'late' ? 'warning' : t.status === 'missing' ? 'error' : 'default';
  const spec = { color, text: `${mark}${timelinessText(t)}` };
  return (
    <Tooltip title={`截止日期 ${formatDateZh(t.deadline)}`}>
      <Tag color={spec.color} tabIndex={0}>
        {spec.text}
      </Tag>
    </Tooltip>
  );
}
