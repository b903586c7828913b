import { useState } from 'react';
import { App, Button, Card, Input, Modal, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { formatDateZh } from '../../../shared/dates';
import type { RouterOutputs } from '../../../server/root';
import { TimelinessTag } from '../reviews/TimelinessTag';
import { AnnualSummary } from './AnnualSummary';
import './annual.css';

type Grid = RouterOutputs['annualReports']['grid'];
type Row = Grid['rows'][number];

const FILTERS = [
  { value: 'all', label: '全部' },
  { value: 'review', label: '待审核' },
  { value: 'missing', label: '未报' },
  { value: 'late', label: '逾期公开' },
  { value: 'problems', label: '违反校验规则' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

function matches(r: Row, f: Filter, role: string | undefined): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'review':
      return role === 'city' ? r.status === 'submitted' && r.level === 'county' : r.status === 'submitted' || r.status === 'approved';
    case 'missing':
      return r.timeliness === 'missing';
    case 'late':
      return r.timeliness === 'late';
    case 'problems':
      return r.problems > 0;
  }
}

function OfficeTools({ grid }: { grid: Grid }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [dueOpen, setDueOpen] = useState(false);
  const [due, setDue] = useState(grid.due);
  const refresh = () => queryClient.invalidateQueries(trpc.annualReports.pathFilter());
  const remind = useMutation(
    trpc.annualReports.remind.mutationOptions({
      onSuccess: (r) => message.success(r.count ? `已向 ${r.count} 个尚未报送的单位发送催报通知` : '所有单位均已报送，无需催报'),
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const setDueM = useMutation(
    trpc.annualReports.setDue.mutationOptions({
      onSuccess: () => {
        message.success('截止日期已更新，时效已按新日期重新计算');
        setDueOpen(false);
        void refresh();
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const notSubmitted = grid.rows.filter((r) => !r.submittedAt).length;
  return (
    <Space wrap>
      <Button
        disabled={notSubmitted === 0}
        loading={remind.isPending}
        onClick={() =>
          modal.confirm({
            title: '催报年度报告',
            content: `将向尚未报送${grid.year}年度报告的 ${notSubmitted} 个单位发送催报通知（包括截止日期尚未到的单位）。确定发送吗？`,
            okText: '发送催报',
            cancelText: '取消',
            onOk: () => remind.mutate({ year: grid.year }),
          })
        }
      >
        催报（{notSubmitted}）
      </Button>
      <Button onClick={() => setDueOpen(true)}>修改截止日期</Button>
      <Modal open={dueOpen} title={`${grid.year}年度报告截止日期`} okText="保存" cancelText="取消" confirmLoading={setDueM.isPending} onCancel={() => setDueOpen(false)} onOk={() => setDueM.mutate({ year: grid.year, due })}>
        <Typography.Paragraph>《政府信息公开条例》规定每年 1 月 31 日前公布上一年度报告。修改后所有单位的时效按新日期计算。</Typography.Paragraph>
        <input type="date" className="annual-date" aria-label="截止日期" value={due} onChange={(e) => setDue(e.target.value)} />
      </Modal>
    </Space>
  );
}

/** 年度报告汇总: every unit in scope with status and timeliness; the office's summary tables and chart. */
export default function AnnualListPage() {
  const trpc = useTRPC();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const current = useQuery(trpc.periods.current.queryOptions());
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : current.data ? Number(current.data.code.slice(0, 4)) : null;
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [tab, setTab] = useState<'units' | 'summary'>(params.get('tab') === 'summary' ? 'summary' : 'units');
  const q = useQuery(trpc.annualReports.grid.queryOptions(year ? { year } : { year: 2018 }, { enabled: year !== null }));
  const role = me.user?.role;
  const rows = (q.data?.rows ?? []).filter((r) => matches(r, filter, role) && (!search || r.unitName.includes(search) || r.unitCode.startsWith(search)));
  const names = new Map((q.data?.rows ?? []).map((r) => [r.unitCode, r.unitName]));
  return (
    <div>
      <Typography.Title level={1} className="page-title">
        政府信息公开工作年度报告
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="年度"
          value={year ?? undefined}
          style={{ width: 120 }}
          options={[2017, 2018, 2019, 2020].map((y) => ({ value: y, label: `${y}年度` }))}
          onChange={(y) => setParams({ year: String(y) })}
        />
        <Segmented
          value={tab}
          onChange={(v) => setTab(v as 'units' | 'summary')}
          options={[
            { value: 'units', label: '各单位报送情况' },
            ...(role === 'office' || role === 'leader' ? [{ value: 'summary', label: '全省汇总' }] : []),
          ]}
        />
      </Space>
      <QueryState loading={current.isLoading || q.isLoading} error={current.error ?? q.error} onRetry={() => void q.refetch()}>
        {q.data && tab === 'summary' && <AnnualSummary year={q.data.year} />}
        {q.data && tab === 'units' && (
          <>
            <Space wrap size="large" style={{ marginBottom: 12 }}>
              <Statistic title="应报单位" value={q.data.summary.expected} />
              <Statistic title="按时公开" value={q.data.summary.onTime} />
              <Statistic title="逾期公开" value={q.data.summary.late} />
              <Statistic title={`未报（截止 ${formatDateZh(q.data.due)}）`} value={q.data.summary.missing + q.data.summary.pending} />
              <Statistic title="已采纳" value={q.data.summary.accepted} />
            </Space>
            <Card size="small">
              <Space wrap style={{ marginBottom: 8 }}>
                <Segmented value={filter} onChange={(v) => setFilter(v as Filter)} options={FILTERS.map((f) => ({ value: f.value, label: f.label }))} />
                <Input.Search aria-label="查找单位" placeholder="单位名称或代码" allowClear onSearch={setSearch} style={{ width: 200 }} />
                {role === 'office' && <OfficeTools key={q.data.due} grid={q.data} />}
              </Space>
              <Table<Row>
                size="small"
                rowKey="unitCode"
                dataSource={rows}
                scroll={{ x: 'max-content' }}
                pagination={{ pageSize: 50, showSizeChanger: false }}
                locale={{ emptyText: '没有符合条件的单位' }}
                columns={[
                  { title: '单位', dataIndex: 'unitName', render: (n: string, r) => <Link to={`/annual?unit=${r.unitCode}&year=${q.data!.year}`}>{n}</Link> },
                  { title: '所属设区市', dataIndex: 'parentCode', render: (p: string | null, r) => (r.level === 'county' && p ? names.get(p) ?? p : '—') },
                  { title: '状态', dataIndex: 'status', render: (s: Row['status']) => (s ? REPORT_STATUS_NAMES[s] : '未填报') },
                  { title: '公开日期', dataIndex: 'publishedOn', render: (d: string | null) => (d ? formatDateZh(d) : '—') },
                  { title: '时效', dataIndex: 'timeliness', render: (_: unknown, r) => <TimelinessTag t={{ status: r.timeliness, daysLate: r.daysLate, deadline: q.data!.due }} /> },
                  { title: '校验', dataIndex: 'problems', render: (n: number, r) => (r.submittedAt ? n ? <Tag color="error">{n} 处不一致</Tag> : <Tag color="success">一致</Tag> : '—') },
                ]}
              />
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
