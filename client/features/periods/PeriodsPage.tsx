import { useState } from 'react';
import { Alert, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { PeriodStatus } from '../../../shared/periods';
import { EditPeriodModal, type PeriodRow } from './EditPeriodModal';
import { parseYear, YearSelect } from './YearSelect';
import { formatDateZh } from '../../../shared/dates';

const STATUS: Record<PeriodStatus, { text: string; color: string }> = {
  'not-open': { text: '未开始', color: 'default' },
  open: { text: '填报中', color: 'processing' },
  overdue: { text: '已逾期', color: 'warning' },
  locked: { text: '已锁定', color: 'default' },
};

/** 期次管理: the year's reporting periods with their dates and where each stands today. */
export default function PeriodsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const year = parseYear(params.get('year'));
  const q = useQuery(trpc.periods.list.queryOptions({ year }));
  const years = useQuery(trpc.scheme.years.queryOptions());
  const frozen = years.data?.find((y) => y.year === year)?.frozen ?? false;
  const [editing, setEditing] = useState<PeriodRow | null>(null);

  const columns: TableColumnsType<PeriodRow> = [
    {
      title: '期次',
      dataIndex: 'name',
      render: (v: string, p) => (
        <span>
          {v} {p.annual && <Tag>年度</Tag>}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.code}
            </Typography.Text>
          </div>
        </span>
      ),
    },
    { title: '开始填报', dataIndex: 'opens', width: 150, render: (v: string) => formatDateZh(v) },
    { title: '截止日期', dataIndex: 'due', width: 150, render: (v: string) => formatDateZh(v) },
    { title: '锁定日期', dataIndex: 'locks', width: 150, render: (v: string) => formatDateZh(v) },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: PeriodStatus) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag> },
    {
      title: '操作',
      key: 'edit',
      width: 100,
      render: (_, p) => (
        <Button type="link" size="small" disabled={frozen} onClick={() => setEditing(p)} aria-label={`修改${p.name}的日期`}>
          修改日期
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} className="page-title" style={{ marginBottom: 0 }}>
          期次管理
        </Typography.Title>
        <YearSelect value={year} onChange={(y) => setParams({ year: String(y) }, { replace: true })} />
      </Flex>
      {frozen && <Alert type="info" showIcon title={`${year} 年度考核结果已发布，期次已冻结，不能再修改日期。`} />}
      <Card>
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={q.data?.length === 0} emptyText={`${year} 年度尚无考核方案或期次`}>
          <Table<PeriodRow> rowKey="code" size="middle" dataSource={q.data} columns={columns} pagination={false} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            开始填报日起可填报；截止日期后至锁定日期仍可报送，但计为逾期；锁定日期后不能再报送。个别单位的延期请在“报送进度”中办理。
          </Typography.Paragraph>
        </QueryState>
      </Card>
      <EditPeriodModal period={editing} onClose={() => setEditing(null)} />
    </Flex>
  );
}
