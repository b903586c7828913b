import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RouterOutputs } from '../../../server/root';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import { formatCents } from '../../../shared/format';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';

type Overview = RouterOutputs['department']['overview'];
type Division = Overview['divisions'][number];

const items = (n: number) => `${n} 项`;
const danger = (n: number) =>
  n ? (
    <Typography.Text type="danger" strong>
      {n} 项
    </Typography.Text>
  ) : (
    '0 项'
  );

/**
 * 厅本级 on the overview (office and leaders): each division's ledger tasks and budget disclosures of
 * the year as of today, and the divisions' ranking once published. Its own query (department.overview).
 */
export function DepartmentCard({ year }: { year: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.department.overview.queryOptions({ year }));
  const d = q.data;
  return (
    <Card
      title={`厅本级：各处室任务与预算公开进展（${year} 年度）`}
      extra={
        <Link to={`/tasks?year=${year}&tab=timeline`} className="no-print">
          查看任务分解台账
        </Link>
      }
      data-testid="department-card"
    >
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={(d?.divisions.length ?? 0) === 0} emptyText="尚无厅机关处室">
        {d && (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={15}>
              <Typography.Paragraph type="secondary">
                截至 {formatDateZh(d.today)}：台账任务 {d.totals.total} 项，已到期 {d.totals.dueSoFar} 项，已完成 {d.totals.done} 项（按期 {d.totals.onTime} 项），
                {d.totals.overdue ? <Typography.Text type="danger">逾期未完成 {d.totals.overdue} 项</Typography.Text> : '无逾期未完成'}；预算决算应公开 {d.totals.budgetsDue} 项，按期公开{' '}
                {d.totals.budgetsOnTime} 项。
              </Typography.Paragraph>
              <Table<Division>
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={d.divisions}
                scroll={{ x: 'max-content' }}
                rowClassName={(r) => (r.overdue || r.budgetsOverdue ? 'ledger-overdue' : '')}
                columns={[
                  { title: '处室', dataIndex: 'name', fixed: 'left' },
                  { title: '任务', dataIndex: 'total', align: 'right', render: items },
                  { title: '已到期', dataIndex: 'dueSoFar', align: 'right', render: items },
                  { title: '已完成', dataIndex: 'done', align: 'right', render: items },
                  { title: '按期完成', dataIndex: 'onTime', align: 'right', render: items },
                  { title: '逾期未完成', dataIndex: 'overdue', align: 'right', render: danger },
                  {
                    title: '预算决算按期公开',
                    key: 'budgets',
                    align: 'right',
                    render: (_, r) => (r.budgetsDue ? `${r.budgetsOnTime} / ${r.budgetsDue} 项` : '—'),
                  },
                ]}
              />
            </Col>
            <Col xs={24} xl={9}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                厅机关处室排名
              </Typography.Title>
              {d.ranking ? (
                <>
                  <Typography.Paragraph type="secondary">
                    已发布（第 {d.ranking.version} 版，{formatDateTimeZh(d.ranking.publishedAt)}）
                  </Typography.Paragraph>
                  <Table
                    rowKey="code"
                    size="small"
                    pagination={false}
                    dataSource={d.ranking.rows}
                    columns={[
                      { title: '名次', dataIndex: 'rank', align: 'right', width: 64 },
                      { title: '处室', dataIndex: 'name' },
                      { title: '得分', dataIndex: 'S', align: 'right', render: (v: number) => formatCents(v) },
                      { title: '等级', dataIndex: 'grade', render: (v: string | null) => (v ? <Tag>{v}</Tag> : '—') },
                    ]}
                  />
                </>
              ) : (
                <Typography.Paragraph type="secondary">{year} 年度处室排名尚未发布。</Typography.Paragraph>
              )}
            </Col>
          </Row>
        )}
      </QueryState>
    </Card>
  );
}
