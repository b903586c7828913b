import { useMemo, useState } from 'react';
import { Card, Flex, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { periodLabel } from '../../../shared/periods';
import { PeriodCode, REPORT_STATUS_NAMES } from '../../../shared/reports';
import { ACTION_COLORS, ACTION_NAMES } from '../reports/model';
import { BulkReviewButton } from './BulkReviewButton';
import { VerifyReceiptButton } from '../receipts/VerifyReceiptButton';
import { ChangesCell } from './ChangesCell';
import { ExportQueueButton } from './ExportQueueButton';
import { ReturnHistory } from './ReturnHistory';
import { ReturnModal } from './ReturnModal';
import { ReviewActions } from './ReviewActions';
import { ReviewDrawer } from './ReviewDrawer';
import { TimelinessTag } from './TimelinessTag';
import { decisionFor, unitLabel, type HandledRow, type QueueRow } from './model';
import { formatDateTimeZh } from '../../../shared/dates';

type Tab = 'todo' | 'done';

function UnitCell({ r }: { r: QueueRow | HandledRow }) {
  return (
    <div>
      {r.unitLevel === 'city' ? <strong>{r.unitName}</strong> : r.unitName}
      {r.unitLevel === 'county' && r.parentName && <Typography.Text type="secondary">（{r.parentName}）</Typography.Text>}
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.unitCode}
        </Typography.Text>
      </div>
    </div>
  );
}

const returnsExpandable = <T extends QueueRow | HandledRow>() => ({
  rowExpandable: (r: T) => r.returns.length > 0,
  expandedRowRender: (r: T) => <ReturnHistory returns={r.returns} />,
});

function ReturnsCell({ n }: { n: number }) {
  return n > 0 ? <Tag color="red">退回 {n} 次</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * 审核: 待办 — reports waiting for this reviewer (a city: its counties; the office: cities and
 * city-approved counties), ticked ones approved/accepted in bulk; 已办 — what this unit has handled.
 * Both show each report's return history and export to Excel.
 */
export default function ReviewQueuePage() {
  const trpc = useTRPC();
  const { user } = useMe();
  const decision = decisionFor(user?.role);
  const [params, setParams] = useSearchParams();
  const parsed = PeriodCode.safeParse(params.get('period'));
  const period = parsed.success ? parsed.data : undefined;
  const tab: Tab = params.get('tab') === 'done' ? 'done' : 'todo';
  const setParam = (key: 'period' | 'tab', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  // Both lists are small; filtering here lets the period list show how many are in each.
  const q = useQuery(trpc.reviews.queue.queryOptions());
  const handled = useQuery({ ...trpc.reviews.handled.queryOptions(), enabled: tab === 'done' });
  const [viewing, setViewing] = useState<QueueRow | null>(null);
  const [returning, setReturning] = useState<QueueRow | null>(null);
  const [selected, setSelected] = useState<number[]>([]);

  const todoAll = useMemo(() => q.data ?? [], [q.data]);
  const doneAll = useMemo(() => handled.data ?? [], [handled.data]);
  const periods = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const r of tab === 'todo' ? todoAll : doneAll) m.set(r.periodCode, { name: r.periodName, n: (m.get(r.periodCode)?.n ?? 0) + 1 });
    if (period && !m.has(period)) m.set(period, { name: periodLabel(period), n: 0 });
    return [...m.entries()].sort(([a], [b]) => b.localeCompare(a));
  }, [tab, todoAll, doneAll, period]);
  const todo = period ? todoAll.filter((r) => r.periodCode === period) : todoAll;
  const done = period ? doneAll.filter((r) => r.periodCode === period) : doneAll;
  const picked = todo.filter((r) => selected.includes(r.reportId));
  const filterText = period ? periodLabel(period) : '全部期次';

  const todoColumns: TableColumnsType<QueueRow> = [
    { title: '单位', key: 'unit', width: 170, render: (_, r) => <UnitCell r={r} /> },
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
    { title: '退回', key: 'returns', width: 90, render: (_, r) => <ReturnsCell n={r.returns.length} /> },
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

  const doneColumns: TableColumnsType<HandledRow> = [
    { title: '办理时间', dataIndex: 'at', width: 150, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeZh(v)}</span> },
    { title: '单位', key: 'unit', width: 170, render: (_, r) => <UnitCell r={r} /> },
    { title: '期次', dataIndex: 'periodName', minWidth: 130 },
    { title: '办理', key: 'action', width: 100, render: (_, r) => <Tag color={ACTION_COLORS[r.action]}>{ACTION_NAMES[r.action]}</Tag> },
    { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第 ${v} 版` },
    { title: '理由', dataIndex: 'reason', minWidth: 160, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: '经办人', dataIndex: 'byName', width: 110 },
    { title: '当前状态', key: 'status', width: 100, render: (_, r) => REPORT_STATUS_NAMES[r.status] },
    { title: '退回', key: 'returns', width: 90, render: (_, r) => <ReturnsCell n={r.returns.length} /> },
  ];

  const periodSelect = (
    <Select<string>
      aria-label="期次"
      allowClear
      placeholder="全部期次"
      style={{ width: 260, maxWidth: '100%' }}
      value={period}
      onChange={(v) => {
        setSelected([]);
        setParam('period', v);
      }}
      options={periods.map(([code, p]) => ({ value: code, label: `${p.name}（${p.n}）` }))}
    />
  );

  const todoPane = (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        {periodSelect}
        {decision && <BulkReviewButton rows={picked} decision={decision} onDone={() => setSelected([])} />}
        <ExportQueueButton tab="todo" rows={todo} subtitle={`${filterText}待审核报告`} />
        {q.data && (
          <Typography.Text type="secondary">
            共 {todo.length} 份待审核{period && todoAll.length !== todo.length ? `（全部期次 ${todoAll.length} 份）` : ''}
            {picked.length > 0 ? `，已选 ${picked.length} 份` : ''}
          </Typography.Text>
        )}
      </Flex>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={todo.length === 0} emptyText="暂无待审核的报告">
        <Table<QueueRow>
          rowKey="reportId"
          size="middle"
          dataSource={todo}
          columns={todoColumns}
          rowSelection={
            decision
              ? {
                  selectedRowKeys: picked.map((r) => r.reportId),
                  onChange: (keys) => setSelected(keys.map(Number)),
                  getCheckboxProps: (r) => ({ 'aria-label': `选择${unitLabel(r)}${r.periodName}报告` }),
                  getTitleCheckboxProps: () => ({ 'aria-label': '选择本页全部报告' }),
                }
              : undefined
          }
          expandable={returnsExpandable<QueueRow>()}
          pagination={todo.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 份` } : false}
        />
      </QueryState>
    </Flex>
  );

  const donePane = (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        {periodSelect}
        <ExportQueueButton tab="done" rows={done} subtitle={`${filterText}本单位已办理的审核`} />
        {handled.data && <Typography.Text type="secondary">共 {done.length} 条办理记录</Typography.Text>}
      </Flex>
      <QueryState loading={handled.isLoading} error={handled.error} onRetry={() => handled.refetch()} empty={done.length === 0} emptyText="暂无已办理的审核">
        <Table<HandledRow>
          rowKey="actionId"
          size="middle"
          dataSource={done}
          columns={doneColumns}
          expandable={returnsExpandable<HandledRow>()}
          pagination={done.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` } : false}
        />
      </QueryState>
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
          审核
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 12 }}>
            {user?.role === 'city' ? '所辖县(市、区)已报送、待市级审核的报告' : '设区市已报送的报告和经市级审核的县(市、区)报告'}
          </Typography.Text>
        </Typography.Title>
        {user?.role === 'office' && <VerifyReceiptButton />}
      </Flex>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setSelected([]);
            setParam('tab', k === 'done' ? 'done' : undefined);
          }}
          items={[
            { key: 'todo', label: `待办${q.data ? `（${todoAll.length}）` : ''}`, children: todoPane },
            { key: 'done', label: '已办', children: donePane },
          ]}
        />
      </Card>
      <ReviewDrawer row={viewing} decision={decision} onClose={() => setViewing(null)} onReturn={setReturning} />
      <ReturnModal row={returning} onClose={() => setReturning(null)} />
    </Flex>
  );
}
