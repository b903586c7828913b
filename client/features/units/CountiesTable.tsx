import { Card, Table, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { formatCents } from '../../../shared/format';
import { contributionText, GradeTag } from '../rankings/format';
import type { CountyRow } from './types';

/** A city's counties: rank within the city (and province-wide), S, grade; each links to its page. */
export function CountiesTable(props: { rows: CountyRow[]; weight: number; hrefOf: (code: string) => string }) {
  const rows = [...props.rows].sort((a, b) => (a.cityRank ?? 0) - (b.cityRank ?? 0) || a.code.localeCompare(b.code));
  return (
    <Card title={`所辖县(市、区)（${rows.length}）`} size="small">
      <Table<CountyRow>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '无所辖县(市、区)数据' }}
        columns={[
          { title: '市内排名', dataIndex: 'cityRank', width: 90, align: 'center', render: (v: number | null) => v ?? '—' },
          { title: '全省县级排名', dataIndex: 'rank', width: 110, align: 'center', render: (v: number | null) => v ?? '—' },
          {
            title: '单位',
            dataIndex: 'name',
            render: (n: string, r) => (
              <>
                <Link to={props.hrefOf(r.code)}>{n}</Link>
                {!r.hasReport && (
                  <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
                    （无有效报告）
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: '行政区划代码', dataIndex: 'code', width: 120 },
          {
            title: '得分 S',
            dataIndex: 'S',
            width: 90,
            align: 'right',
            render: (v: number, r) => <strong data-testid={`county-row-${r.code}`}>{formatCents(v)}</strong>,
          },
          {
            title: '计入年度考核',
            dataIndex: 'contribution',
            width: 110,
            align: 'right',
            render: (v: number, r) => (
              <Tooltip title={contributionText(r.S, props.weight, v)}>
                <span tabIndex={0}>{formatCents(v)}</span>
              </Tooltip>
            ),
          },
          { title: '等级', dataIndex: 'grade', width: 80, align: 'center', render: (g: string | null) => <GradeTag grade={g} /> },
        ]}
      />
    </Card>
  );
}
