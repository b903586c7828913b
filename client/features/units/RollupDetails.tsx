import { Alert, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { childValue } from './indicatorText';
import type { IndicatorResult, RollupChild } from './types';

/** Each child's part in a rollup: its figures, whether they counted and why not; missing children named. */
export function RollupDetails(props: { ind: IndicatorResult; unit: string | undefined; hrefOf: (code: string) => string }) {
  const { ind } = props;
  const children = ind.children ?? [];
  const shareMode = ind.mode === 'share-on-time';
  const counted = children.filter((c) => c.counted).length;
  return (
    <div style={{ padding: '4px 0' }}>
      {ind.missingChildren && ind.missingChildren.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${ind.missingChildren.length} 个下级单位没有${shareMode ? '有效报告，按未按期完成计' : '有效报告，未计入合计'}：${ind.missingChildren.join('、')}`}
        />
      )}
      <Table<RollupChild>
        rowKey="unitCode"
        size="small"
        pagination={false}
        dataSource={children}
        title={() => (shareMode ? `所辖 ${children.length} 个单位中按期完成 ${counted} 个` : `所辖 ${children.length} 个单位中 ${counted} 个计入合计`)}
        columns={[
          { title: '单位', dataIndex: 'unitName', render: (n: string, c) => <Link to={props.hrefOf(c.unitCode)}>{n}</Link> },
          { title: shareMode ? '完成日期' : '分子 / 分母', key: 'v', render: (_, c) => childValue(c, ind.mode, props.unit) },
          {
            title: shareMode ? '是否按期' : '是否计入',
            dataIndex: 'counted',
            width: 100,
            render: (ok: boolean) => (ok ? <Tag color="green">{shareMode ? '按期' : '计入'}</Tag> : <Tag color="default">{shareMode ? '未按期' : '未计入'}</Tag>),
          },
          { title: '说明', dataIndex: 'reason', render: (r?: string) => r ?? '' },
        ]}
      />
    </div>
  );
}
