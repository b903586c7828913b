import { useMemo } from 'react';
import { Button, Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import { ExportAuditButton } from './ExportAuditButton';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { RouterOutputs } from '../../../server/root';
import { ACTION_COLORS, ACTION_PREFIXES, actionName } from './actions';
import { JsonDiff } from './JsonDiff';
import { PAGE_SIZES, useAuditParams } from './useAuditParams';
import { formatDateTimeZh } from '../../../shared/dates';

type Entry = RouterOutputs['audit']['list']['rows'][number];

/** 审计日志: every write, newest first, filterable by unit, kind of action and date; before/after on demand. */
export default function AuditLogPage() {
  const trpc = useTRPC();
  const { filters, update } = useAuditParams();
  const q = useQuery({ ...trpc.audit.list.queryOptions(filters), placeholderData: keepPreviousData });
  const units = useQuery(trpc.orgUnits.list.queryOptions());
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  const filtered = Boolean(filters.unitCode || filters.action || filters.from || filters.to);

  const columns: TableColumnsType<Entry> = [
    { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTimeZh(v) },
    { title: '账号', dataIndex: 'username', width: 110, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: '操作',
      dataIndex: 'action',
      width: 170,
      render: (v: string) => (
        <span title={v}>
          <Tag color={ACTION_COLORS[v.split('.')[0]] ?? 'default'}>{actionName(v)}</Tag>
        </span>
      ),
    },
    {
      title: '单位',
      dataIndex: 'unitCode',
      render: (v: string | null) =>
        v ? (
          <span>
            {unitNames.get(v) ?? ''} <Typography.Text type="secondary">{v}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: '报告', dataIndex: 'reportId', width: 90, render: (v: number | null) => (v ? `#${v}` : <Typography.Text type="secondary">—</Typography.Text>) },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} className="page-title" style={{ marginBottom: 0 }}>
        审计日志
      </Typography.Title>
      <Card>
        <Flex gap={12} wrap align="center">
          <Select<string>
            aria-label="单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部单位（可输入名称或代码）"
            style={{ width: 260 }}
            value={filters.unitCode}
            loading={units.isLoading}
            onChange={(v) => update({ unitCode: v })}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }))}
          />
          <Select<string>
            aria-label="操作类别"
            allowClear
            placeholder="全部操作"
            style={{ width: 200 }}
            value={filters.action}
            onChange={(v) => update({ action: v })}
            options={ACTION_PREFIXES.map((p) => ({ value: p.value, label: p.label }))}
          />
          <DatePicker.RangePicker
            aria-label="日期范围"
            value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
            onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            placeholder={['开始日期', '结束日期']}
          />
          <ExportAuditButton filters={filters} unitNames={unitNames} />
          {filtered && <Button onClick={() => update({ unitCode: undefined, action: undefined, from: undefined, to: undefined })}>清除筛选</Button>}
        </Flex>
      </Card>
      <Card>
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={q.data?.total === 0} emptyText={filtered ? '没有符合条件的记录' : '暂无审计记录'}>
          <Table<Entry>
            rowKey="id"
            size="small"
            loading={q.isFetching && q.isPlaceholderData}
            dataSource={q.data?.rows}
            columns={columns}
            expandable={{
              expandedRowRender: (r) => <JsonDiff entry={r} />,
              rowExpandable: (r) => r.before !== null || r.after !== null,
            }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: q.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES.map(String),
              showTotal: (t) => `共 ${t} 条`,
              onChange: (page, pageSize) => update(pageSize !== filters.pageSize ? { page: 1, pageSize } : { page }),
            }}
          />
        </QueryState>
      </Card>
    </Flex>
  );
}
