import { Typography } from 'antd';
import { returnLines, type ReturnEntry } from './model';

/** The return history of a report (expanded row of the 待办 / 已办 tables). */
export function ReturnHistory({ returns }: { returns: readonly ReturnEntry[] }) {
  return (
    <div>
      <Typography.Text strong>退回记录（{returns.length} 次）</Typography.Text>
      <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {returnLines(returns).map((line, i) => (
          <li key={i} style={{ overflowWrap: 'anywhere' }}>
            {line}
          </li>
        ))}
      </ol>
    </div>
  );
}
