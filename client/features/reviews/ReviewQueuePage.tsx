import { useMemo, useState } from 'react';
import { Card, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { periodLabel } from '../../../shared/periods';
import { PeriodCode, REPORT_STATUS_NAMES } from '../../../shared/reports';
import { ChangesCell } from './ChangesCell';
import { ReturnModal } from './ReturnModal';
import { ReviewActions } from './ReviewActions';
import { ReviewDrawer } from './ReviewDrawer';
import { TimelinessTag } from './TimelinessTag';
import { decisionFor, type QueueRow } from './model';
import { formatDateTimeZh } from '../../../shared/dates';

/** 审核: reports waiting for this reviewer (a city: its counties; the office: cities and city-approved counties). */
export default function ReviewQueuePage() {
  const trpc = useTRPC();
  const { user } = useMe();
  const decision = decisionFor(user?.role);
  const [params, setParams] = useSearchParams();
  const parsed = PeriodCode.safeParse(params.get('period'));
  const period = parsed.success ? parsed.data : undefined;
  // The whole queue is small; filtering here lets the period list show how many wait in each.
  const q = useQuery(trpc.reviews.queue.queryOptions());
  const [viewing, setViewing] = useState<QueueRow | null>(null);
  const [returning, setReturning] = useState<QueueRow | null>(null);

  const all = useMemo(() => q.data ?? [], [q.data]);
  const periods = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const r of all) m.set(r.periodCode, { name: r.periodName, n: (m.get(r.periodCode)?.n ?? 0) + 1 });
    if (period && !m.has(period)) m.set(period, { name: periodLabel(period), n: 0 });
    return [...m.entries()].sort(([a], [b]) => b.localeCompare(a));
  }, [all, period]);
  const rows = period ? all.filter((r) => r.periodCode === period) : all;

  const columns: TableColumnsType<QueueRow> = [
    {
      title: '单位',
      key: 'unit',
      width: 170,
      render: (_, r) => (
        <div>
          {r.unitLevel === 'city' ? <strong>{r.unitName}</strong> : r.unitName}
          {r.unitLevel === 'county' && r.parentName && <Typography.Text type="secondary">（{r.parentName}）</Typography.Text>}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.unitCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '期次', dataIndex: 'periodName', minWidth: 130 },
    ...(user?.role === 'office'
      ? [
          {
            title: '状态',
            key: 'status',
            width: 100,
            render: (_: unknown, r: QueueRow) => <Tag color={r.status === 'approved' ? 'cyan' : 'processing'}>{REPORT_STATUS_NAMES[r.status]}</Tag>,
          },
        ]
      : []),
    { title: '报送时间', dataIndex: 'submittedAt', render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeZh(v)}</span> },
    { title: '时效', key: 'timeliness', width: 100, render: (_, r) => <TimelinessTag t={r.timeliness} /> },
    { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第 ${v} 版` },
    { title: '变更', key: 'changes', width: 140, render: (_, r) => <ChangesCell row={r} /> },
    {
      title: '标记',
      dataIndex: 'flags',
      width: 60,
      render: (n: number) => (n > 0 ? <Tag color="orange">{n} 处</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: '操作',
      key: 'actions',
      width: decision === 'approve' ? 200 : 170,
      render: (_, r) => (decision ? <ReviewActions row={r} decision={decision} onView={setViewing} onReturn={setReturning} /> : null),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} className="page-title" style={{ marginBottom: 0 }}>
        审核
        <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 12 }}>
          {user?.role === 'city' ? '所辖县(市、区)已报送、待市级审核的报告' : '设区市已报送的报告和经市级审核的县(市、区)报告'}
        </Typography.Text>
      </Typography.Title>
      <Card>
        <Flex vertical gap={12}>
          <Flex gap={12} align="center" wrap>
            <Select<string>
              aria-label="期次"
              allowClear
              placeholder="全部期次"
              style={{ width: 260 }}
              value={period}
              onChange={(v) => setParams(v ? { period: v } : {}, { replace: true })}
              options={periods.map(([code, p]) => ({ value: code, label: `${p.name}（${p.n}）` }))}
            />
            {q.data && (
              <Typography.Text type="secondary">
                共 {rows.length} 份待审核{period && all.length !== rows.length ? `（全部期次 ${all.length} 份）` : ''}
              </Typography.Text>
            )}
          </Flex>
          <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={rows.length === 0} emptyText="暂无待审核的报告">
            <Table<QueueRow>
              rowKey="reportId"
              size="middle"
              dataSource={rows}
              columns={columns}
              pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 份` } : false}
            />
          </QueryState>
        </Flex>
      </Card>
      <ReviewDrawer row={viewing} decision={decision} onClose={() => setViewing(null)} onReturn={setReturning} />
      <ReturnModal row={returning} onClose={() => setReturning(null)} />
    </Flex>
  );
}
