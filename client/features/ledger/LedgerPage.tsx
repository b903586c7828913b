import { useState } from 'react';
import { App, Button, Card, Flex, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { BellOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useUrlParams } from '../../lib/url-params';
import { parseYear } from '../periods/YearSelect';
import { formatDateZh } from '../../../shared/dates';
import { PROGRESS_NAMES, TASK_REPORT_STATUS_NAMES } from '../../../shared/ledger';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { downloadFile } from '../excel';
import { evidenceHref } from '../reports/model';
import { DivisionProgressTable, LedgerTimeline } from './LedgerTimeline';
import { rowKey, STATUS_FILTERS, type LedgerRow, type StatusFilter } from './model';
import { TaskReportModal } from './TaskReportModal';
import { BudgetPanel } from './BudgetPanel';
import { TaskHistoryDrawer, TaskReturnModal } from './TaskReviewModals';

function useLedgerParams() {
  const { params, set } = useUrlParams();
  const year = parseYear(params.get('year'));
  const status = STATUS_FILTERS.find((s) => s.value === params.get('status'))?.value;
  return { year, clause: params.get('clause') ?? undefined, division: params.get('division') ?? undefined, status, tab: params.get('tab') ?? 'ledger', set };
}

/** 任务分解台账: the office's ledger (filters, confirm / return, export, reminders, timeline); a division's own tasks. */
export default function LedgerPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  const { message, modal } = App.useApp();
  const p = useLedgerParams();
  const role = me.user?.role;
  const isOffice = role === 'office';
  const isDivision = role === 'division';
  const filter = { year: p.year, ...(p.clause ? { clause: p.clause } : {}), ...(p.division && !isDivision ? { division: p.division } : {}), ...(p.status ? { status: p.status } : {}) };
  const q = useQuery(trpc.ledger.list.queryOptions(filter));
  const all = useQuery(trpc.ledger.list.queryOptions({ year: p.year }));
  const years = useQuery(trpc.ledger.years.queryOptions());
  const divisions = useQuery({ ...trpc.divisions.list.queryOptions(), enabled: !isDivision });
  const [reporting, setReporting] = useState<LedgerRow | null>(null);
  const [returning, setReturning] = useState<LedgerRow | null>(null);
  const [history, setHistory] = useState<LedgerRow | null>(null);
  const [exporting, setExporting] = useState(false);

  const accept = useMutation(
    trpc.ledger.accept.mutationOptions({
      onSuccess: async () => {
        message.success('已确认');
        await qc.invalidateQueries(trpc.ledger.pathFilter());
      },
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const remind = useMutation(
    trpc.ledger.remind.mutationOptions({
      onSuccess: (r) =>
        message.success(
          r.divisions
            ? `已向 ${r.divisions} 个处室发出催办通知（${[r.tasks ? `${r.tasks} 项逾期任务` : '', r.budgets ? `${r.budgets} 项逾期未公开的预算决算事项` : ''].filter(Boolean).join('、')}）`
            : '没有逾期未完成的任务或逾期未公开的预算决算事项',
        ),
      onError: (e) => message.error(errorInfo(e).message),
    }),
  );
  const clauses = [...new Set((all.data?.rows ?? []).flatMap((r) => r.clause.split('、')))];
  const overdueCount = (all.data?.rows ?? []).filter((r) => r.overdue).length;
  /** Before 催办: the year's overdue budget items, read afresh (the 预算决算公开 tab reads the same query). */
  const confirmRemind = async () => {
    let budgetsOverdue: number;
    try {
      const budgets = await qc.fetchQuery({ ...trpc.budgets.list.queryOptions({ year: p.year }), staleTime: 0 });
      budgetsOverdue = budgets.rows.filter((r) => r.overdue).length;
    } catch (e) {
      message.error(`读取预算决算公开事项失败：${errorInfo(e).message}`);
      return;
    }
    modal.confirm({
      title: '催办逾期任务',
      content: `将向 ${p.year} 年度所有逾期未完成任务（共 ${overdueCount} 项）和逾期未公开的预算决算事项（共 ${budgetsOverdue} 项）的责任处室发送通知。`,
      okText: '发送',
      cancelText: '取消',
      onOk: () => remind.mutateAsync({ year: p.year }),
    });
  };

  const doExport = async () => {
    setExporting(true);
    try {
      const qs = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
      await downloadFile(`/api/excel/ledger?${qs.toString()}`, undefined, `${p.year}年度政务公开任务分解台账.xlsx`);
    } catch (e) {
      message.error(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const table = (
    <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={(q.data?.rows.length ?? 0) === 0} emptyText="没有符合条件的任务">
      <Table<LedgerRow>
        rowKey={rowKey}
        size="small"
        bordered
        dataSource={q.data?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.overdue ? 'ledger-overdue' : '')}
        columns={[
          { title: '条款', dataIndex: 'clause', width: 80, render: (v: string) => `（${v}）` },
          { title: '任务', dataIndex: 'text', width: 320, render: (v: string, r) => (r.instanceLabel ? `${v}（${r.instanceLabel}）` : v) },
          ...(isDivision ? [] : [{ title: '责任处室', dataIndex: 'ownerName', width: 120 }]),
          { title: '截止日期', dataIndex: 'due', width: 130, render: (v: string) => formatDateZh(v) },
          {
            title: '进展',
            key: 'progress',
            width: 100,
            render: (_, r) => <Tag color={r.progress === 'done' ? 'green' : r.progress === 'in_progress' ? 'blue' : undefined}>{PROGRESS_NAMES[r.progress ?? 'not_started']}</Tag>,
          },
          { title: '完成日期', dataIndex: 'completedOn', width: 130, render: (v: string | null) => (v ? formatDateZh(v) : '—') },
          {
            title: '逾期天数',
            dataIndex: 'overdueDays',
            width: 110,
            align: 'right',
            render: (v: number, r) =>
              r.overdue ? (
                <Typography.Text type="danger" strong>
                  已逾期 {v} 天
                </Typography.Text>
              ) : v > 0 ? (
                `逾期 ${v} 天完成`
              ) : (
                '—'
              ),
          },
          {
            title: '佐证',
            key: 'evidence',
            width: 90,
            render: (_, r) =>
              r.evidenceUrl ? (
                <a href={r.evidenceUrl} target="_blank" rel="noreferrer">
                  链接
                </a>
              ) : r.evidenceFile ? (
                <a href={evidenceHref(r.evidenceFile)}>文件</a>
              ) : (
                '—'
              ),
          },
          {
            title: '审核',
            key: 'review',
            width: 100,
            render: (_, r) =>
              r.reportStatus ? (
                <Tag color={r.reportStatus === 'accepted' ? 'green' : r.reportStatus === 'returned' ? 'red' : 'gold'}>
                  {TASK_REPORT_STATUS_NAMES[r.reportStatus]}
                  {r.version ? ` 第${r.version}版` : ''}
                </Tag>
              ) : (
                <Typography.Text type="secondary">未报告</Typography.Text>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 190,
            render: (_, r) => (
              <Space size={4} wrap>
                {isDivision && r.reportStatus !== 'accepted' && (
                  <Button size="small" type="primary" onClick={() => setReporting(r)}>
                    报告进展
                  </Button>
                )}
                {isOffice && r.reportStatus === 'submitted' && (
                  <>
                    <Button size="small" type="primary" loading={accept.isPending} onClick={() => r.taskReportId && accept.mutate({ taskReportId: r.taskReportId, revision: r.revision })}>
                      确认
                    </Button>
                    <Button size="small" danger onClick={() => setReturning(r)}>
                      退回
                    </Button>
                  </>
                )}
                {isOffice && r.reportStatus === 'accepted' && (
                  <Button size="small" danger onClick={() => setReturning(r)}>
                    退回
                  </Button>
                )}
                {r.taskReportId && (
                  <Button size="small" onClick={() => setHistory(r)}>
                    记录
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </QueryState>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title" style={{ margin: 0 }}>
          {isDivision ? '本处室台账任务' : '任务分解台账'}
        </Typography.Title>
        <Space wrap className="no-print">
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()}>
            导出台账
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
          {isOffice && (
            <Button
              icon={<BellOutlined />}
              loading={remind.isPending}
              onClick={() => void confirmRemind()}
            >
              催办逾期任务
            </Button>
          )}
        </Space>
      </Flex>
      <Card size="small" className="no-print">
        <Space wrap>
          <Select<number>
            aria-label="年度"
            value={p.year}
            style={{ width: 120 }}
            onChange={(y) => p.set({ year: String(y), clause: undefined })}
            options={[...new Set([...(years.data ?? []), p.year])].map((y) => ({ value: y, label: `${y} 年度` }))}
          />
          <Select<string>
            aria-label="条款"
            allowClear
            placeholder="全部条款"
            value={p.clause}
            style={{ width: 140 }}
            onChange={(v) => p.set({ clause: v })}
            options={clauses.map((c) => ({ value: c, label: `（${c}）` }))}
          />
          {!isDivision && (
            <Select<string>
              aria-label="责任处室"
              allowClear
              placeholder="全部处室"
              value={p.division}
              style={{ width: 180 }}
              onChange={(v) => p.set({ division: v })}
              options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
            />
          )}
          <Select<StatusFilter>
            aria-label="状态"
            allowClear
            placeholder="全部状态"
            value={p.status}
            style={{ width: 170 }}
            onChange={(v) => p.set({ status: v })}
            options={STATUS_FILTERS.map((s) => ({ value: s.value, label: s.label }))}
          />
          {q.data && (
            <Typography.Text type="secondary">
              截至 {formatDateZh(q.data.today)}，共 {q.data.rows.length} 项{overdueCount ? `，本年度逾期未完成 ${overdueCount} 项` : ''}
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Tabs
        activeKey={p.tab}
        onChange={(k) => p.set({ tab: k === 'ledger' ? undefined : k })}
        items={[
          { key: 'ledger', label: '台账', children: <Card>{table}</Card> },
          {
            key: 'timeline',
            label: '时间线与处室进度',
            children: (
              <QueryState loading={all.isLoading} error={all.error} onRetry={() => all.refetch()}>
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <LedgerTimeline rows={all.data?.rows ?? []} today={all.data?.today ?? ''} year={p.year} />
                  <DivisionProgressTable rows={all.data?.rows ?? []} today={all.data?.today ?? ''} />
                </Space>
              </QueryState>
            ),
          },
          { key: 'budgets', label: '预算决算公开', children: <BudgetPanel year={p.year} isOffice={isOffice} isDivision={isDivision} /> },
        ]}
      />
      {me.user && <TaskReportModal row={reporting} unitCode={me.user.unitCode} onClose={() => setReporting(null)} />}
      <TaskReturnModal row={returning} onClose={() => setReturning(null)} />
      <TaskHistoryDrawer row={history} onClose={() => setHistory(null)} />
    </Space>
  );
}
