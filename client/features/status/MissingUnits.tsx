import { useState } from 'react';
import { Alert, App, Button, Empty, Flex, Popconfirm, Table, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import type { RouterOutputs } from '../../../server/root';
import { reportHref, statusText, type GridCell, type GridPeriod, type GridRow } from './model';
import { Link } from 'react-router';
import { formatDateZh } from '../../../shared/dates';

type RemindResult = RouterOutputs['periods']['remind'];

interface MissingRow {
  row: GridRow;
  cell: GridCell;
  cityName: string;
}

/** Who the server's reminder reaches: every unit that existed in the period and has never submitted. */
export function remindTargets(rows: GridRow[], periodCode: string) {
  const cells = rows.map((r) => r.cells.find((c) => c.periodCode === periodCode)).filter((c): c is GridCell => Boolean(c?.exists && !c.submittedAt));
  return { total: cells.length, overdue: cells.filter((c) => c.timeliness === 'missing').length };
}

function RemindButton({ period, today, targets }: { period: GridPeriod; today: string; targets: { total: number; overdue: number } | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [result, setResult] = useState<RemindResult | null>(null);
  const remind = useMutation(
    trpc.periods.remind.mutationOptions({
      onSuccess: async (res) => {
        setResult(res);
        message.success(res.count ? `已向 ${res.count} 个单位发送催报通知` : '所有单位均已报送，未发送通知');
        await queryClient.invalidateQueries(trpc.periods.pathFilter());
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );
  const notOpen = today < period.opens;
  const disabled = notOpen || !targets || targets.total === 0;
  const pendingCount = targets ? targets.total - targets.overdue : 0;
  return (
    <Flex vertical gap={8} align="flex-end">
      <Popconfirm
        title="发送催报通知"
        description={
          targets && (
            <div style={{ maxWidth: 320 }}>
              将向全省 <strong>{targets.total}</strong> 个尚未报送{period.name}报告的单位发送催报通知
              {pendingCount > 0 ? `（其中 ${targets.overdue} 个已逾期，${pendingCount} 个截止日期未到）` : ''}。确定发送？
            </div>
          )
        }
        okText="发送"
        cancelText="取消"
        onConfirm={() => remind.mutate({ periodCode: period.code })}
        disabled={disabled}
      >
        <Button icon={<BellOutlined />} loading={remind.isPending} disabled={disabled}>
          发送催报通知{targets && targets.total > 0 ? `（${targets.total} 个单位）` : ''}
        </Button>
      </Popconfirm>
      {notOpen && <Typography.Text type="secondary">本期尚未开始填报（{formatDateZh(period.opens)} 开始）</Typography.Text>}
      {!notOpen && targets?.total === 0 && <Typography.Text type="secondary">全省均已报送，无需催报</Typography.Text>}
      {result && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setResult(null) }}
          title={`已向 ${result.count} 个单位发送催报通知`}
          description={result.units.length ? result.units.map((u) => u.name).join('、') : undefined}
          style={{ maxWidth: 560 }}
        />
      )}
    </Flex>
  );
}

/** Units past the deadline without a submission for the chosen period, with reminder and extension for the office. */
export function MissingUnits({
  period,
  rows,
  today,
  office,
  targets,
  onExtend,
}: {
  period: GridPeriod;
  rows: GridRow[];
  today: string;
  office: boolean;
  targets: { total: number; overdue: number } | null;
  onExtend: (unitCode: string) => void;
}) {
  const names = new Map(rows.map((r) => [r.unitCode, r.unitName]));
  const missing: MissingRow[] = rows
    .map((row) => ({ row, cell: row.cells.find((c) => c.periodCode === period.code), cityName: row.parentCode ? (names.get(row.parentCode) ?? '') : '' }))
    .filter((m): m is MissingRow => m.cell?.timeliness === 'missing');
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <Typography.Text>
          {period.name}：截止 {formatDateZh(period.due)}，逾期未报 <strong>{missing.length}</strong> 个单位
          {today <= period.due ? '（尚未到截止日期）' : ''}
        </Typography.Text>
        {office && <RemindButton period={period} today={today} targets={targets} />}
      </Flex>
      {missing.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={today <= period.due ? '尚未到截止日期' : '本期没有逾期未报的单位'} />
      ) : (
        <Table<MissingRow>
          size="small"
          rowKey={(m) => m.row.unitCode}
          dataSource={missing}
          pagination={missing.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          columns={[
            {
              title: '单位',
              render: (_, m) => (
                <span>
                  {m.row.unitName}
                  {m.cityName && <Typography.Text type="secondary">（{m.cityName}）</Typography.Text>}
                </span>
              ),
            },
            { title: '代码', width: 90, render: (_, m) => m.row.unitCode },
            {
              title: '截止日期',
              width: 150,
              render: (_, m) => (m.cell.deadline !== period.due ? `${formatDateZh(m.cell.deadline)}（已延期）` : formatDateZh(m.cell.deadline)),
            },
            { title: '已逾期', width: 90, render: (_, m) => <Typography.Text type="danger">{m.cell.daysLate} 天</Typography.Text> },
            {
              title: '报告状态',
              width: 100,
              render: (_, m) => (m.cell.reportId !== null ? <Link to={reportHref(m.row.unitCode, period.code)}>{statusText(m.cell)}</Link> : statusText(m.cell)),
            },
            ...(office
              ? [
                  {
                    title: '操作',
                    width: 80,
                    render: (_: unknown, m: MissingRow) => (
                      <Button type="link" size="small" onClick={() => onExtend(m.row.unitCode)} aria-label={`为${m.row.unitName}延期`}>
                        延期
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Flex>
  );
}
