import { Tag, Tooltip } from 'antd';
import type { QueueRow } from './model';
import { formatDateZh } from '../../../shared/dates';

/** 按时 (green) or 逾期 N 天 (orange), with the deadline applied in the tooltip. */
export function TimelinessTag({ t }: { t: QueueRow['timeliness'] }) {
  const spec =
    t.status === 'on-time'
      ? { color: 'success', text: '✓ 按时' }
      : t.status === 'late'
        ? { color: 'warning', text: `! 逾期 ${t.daysLate} 天` }
        : t.status === 'missing'
          ? { color: 'error', text: `✗ 未报（逾期 ${t.daysLate} 天）` }
          : { color: 'default', text: '未到期' };
  return (
    <Tooltip title={`截止日期 ${formatDateZh(t.deadline)}`}>
      <Tag color={spec.color} tabIndex={0}>
        {spec.text}
      </Tag>
    </Tooltip>
  );
}
