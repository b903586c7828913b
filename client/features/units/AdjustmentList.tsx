import { Card, Table, Typography } from 'antd';
import { signedCents } from '../rankings/format';
import type { UnitScore } from './types';

type Applied = UnitScore['adjustments'][number] & { key: number };

/** The office's adjustments of this unit's score, each with its reason. */
export function AdjustmentList({ score }: { score: UnitScore }) {
  if (score.adjustments.length === 0) return null;
  return (
    <Card title={`分数调整（合计 ${signedCents(score.adjustmentTotal)} 分）`} size="small">
      <Table<Applied>
        size="small"
        pagination={false}
        dataSource={score.adjustments.map((a, i) => ({ ...a, key: i }))}
        columns={[
          {
            title: '调整分值',
            dataIndex: 'cents',
            width: 110,
            align: 'right',
            render: (c: number) => <Typography.Text type={c > 0 ? 'success' : 'danger'}>{signedCents(c)} 分</Typography.Text>,
          },
          { title: '理由', dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}
