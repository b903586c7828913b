import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { formatDateTimeZh } from '../../../shared/dates';
import { AUDIT_CATEGORIES, AUDIT_CATEGORY_KEYS } from '../../../shared/audit';
import { ExportAuditButton } from './ExportAuditButton';
import { AuditDetails } from './AuditDetails';
import { CATEGORY_COLORS, type AuditEntry } from './types';
import { PAGE_SIZES, useAuditParams } from './useAuditParams';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * The audit log in Chinese, newest first: filters (time range, account, unit, category), the table
 * with each entry's details on demand, and the Excel export. Shared by the office's 审计日志 and the
 * security auditor's 安全审计 page.
 */
export function AuditLogView() {
  const trpc = useTRPC();
  const { filters, update } = useAuditParams();
  const q = useQuery({ ...trpc.audit.list.queryOptions(filters), placeholderData: keepPreviousData });
  const units = useQuery(trpc.orgUnits.list.queryOptions());
  const [user, setUser] = useState(filters.username ?? '');
  const filtered = Boolean(filters.unitCode || filters.category || filters.username || filters.from || filters.to);
  const unitOptions = useMemo(() => (units.data ?? []).map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` })), [units.data]);

  const columns: TableColumnsType<AuditEntry> = [
    { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTimeZh(v) },
    { title: '操作账号', dataIndex: 'username', width: 120, render: (v: string | null) => v ?? dash },
    {
      title: '操作',
      dataIndex: 'actionName',
      width: 170,
      render: (v: string, r) => <Tag color={(r.category && CATEGORY_COLORS[r.category]) || 'default'}>{v}</Tag>,
    },
    {
      title: '单位',
      dataIndex: 'unitCode',
      render: (v: string | null, r) =>
        v ? (
          <span>
            {r.unitName ?? ''} <Typography.Text type="secondary">{v}</Typography.Text>
          </span>
        ) : (
          dash
        ),
    },
    { title: '报告', dataIndex: 'reportId', width: 90, render: (v: number | null) => (v ? `#${v}` : dash) },
  ];

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex gap={12} wrap align="center">
          <Select<string>
            aria-label="单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部单位（可输入名称或代码）"
            style={{ width: 260, maxWidth: '100%' }}
            value={filters.unitCode}
            loading={units.isLoading}
            onChange={(v) => update({ unitCode: v })}
            options={unitOptions}
          />
          <Select<string>
            aria-label="操作类别"
            allowClear
            placeholder="全部操作类别"
            style={{ width: 180, maxWidth: '100%' }}
            value={filters.category}
            onChange={(v) => update({ category: v as (typeof AUDIT_CATEGORY_KEYS)[number] | undefined })}
            options={AUDIT_CATEGORY_KEYS.map((c) => ({ value: c, label: AUDIT_CATEGORIES[c] }))}
          />
          <Input.Search
            aria-label="操作账号"
            allowClear
            placeholder="操作账号（用户名）"
            style={{ width: 200, maxWidth: '100%' }}
            value={user}
            onChange={(e) => setUser(e.target.value)}
            onSearch={(v) => update({ username: v.trim() || undefined })}
          />
          <DatePicker.RangePicker
            aria-label="时间范围"
            value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
            onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            placeholder={['开始日期', '结束日期']}
          />
          <ExportAuditButton filters={filters} />
          {filtered && (
            <Button
              onClick={() => {
                setUser('');
                update({ unitCode: undefined, category: undefined, username: undefined, from: undefined, to: undefined });
              }}
            >
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>
      <Card>
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={q.data?.total === 0} emptyText={filtered ? '没有符合条件的记录' : '暂无审计记录'}>
            <Table<AuditEntry>
              rowKey="id"
              size="small"
              loading={q.isFetching && q.isPlaceholderData}
              dataSource={q.data?.rows}
              columns={columns}
              scroll={{ x: 640 }}
              expandable={{ expandedRowRender: (r) => <AuditDetails entry={r} /> }}
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
