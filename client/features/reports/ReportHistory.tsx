import { Empty, Timeline, Typography } from 'antd';
import { ACTION_COLORS, ACTION_NAMES, type ReportHistoryEntry } from './model';
import { formatDateTimeZh } from '../../../shared/dates';

/** Submissions and review decisions of a report, oldest first, with reasons. */
export function ReportHistory({ history }: { history: ReportHistoryEntry[] }) {
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无报送或审核记录" />;
  return (
    <Timeline
      items={history.map((h, i) => ({
        key: i,
        color: ACTION_COLORS[h.action],
        content: (
          <div>
            <Typography.Text strong>
              {ACTION_NAMES[h.action]}第 {h.version} 版
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTimeZh(h.at)}
                {h.by ? ` · ${h.by}` : ''}
              </Typography.Text>
            </div>
            {h.reason && (
              <div>
                <Typography.Text type={h.action === 'return' ? 'danger' : undefined}>理由：{h.reason}</Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
