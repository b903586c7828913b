import { Tooltip, Typography } from 'antd';
import type { QueueRow } from './model';

/** “较第 N 版修改 K 项”, with the indicators and fields in a tooltip, by their Chinese names. */
export function ChangesCell({ row }: { row: Pick<QueueRow, 'version' | 'previousVersion' | 'changes'> }) {
  if (row.version <= 1 || row.previousVersion === null) return <Typography.Text type="secondary">首次报送</Typography.Text>;
  if (!row.changes) return <Typography.Text type="secondary">—</Typography.Text>;
  if (row.changes.length === 0) return <Typography.Text type="secondary">较第 {row.previousVersion} 版无修改</Typography.Text>;
  const list = (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {row.changes.map((c) => (
        <li key={c.indicator}>
          {c.name ? `${c.indicator} ${c.name}` : c.indicator}：{c.labels.join('、')}
        </li>
      ))}
    </ul>
  );
  return (
    <Tooltip title={list} trigger={['hover', 'focus']}>
      <Typography.Text style={{ borderBottom: '1px dashed #999', cursor: 'help' }} tabIndex={0}>
        较第 {row.previousVersion} 版修改 {row.changes.length} 项
      </Typography.Text>
    </Tooltip>
  );
}
