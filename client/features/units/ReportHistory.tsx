import { Card, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { GridCell } from './types';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';

interface Row extends GridCell {
  periodName: string;
}

const STATUS_COLORS: Record<string, string> = { draft: 'default', submitted: 'processing', approved: 'cyan', accepted: 'success', returned: 'error' };

function TimelinessTag({ c }: { c: GridCell }) {
  if (!c.exists) return <Typography.Text type="secondary">不适用</Typography.Text>;
  switch (c.timeliness) {
    case 'on-time':
      return <Tag color="green">按时</Tag>;
    case 'late':
      return <Tag color="orange">逾期 {c.daysLate} 天</Tag>;
    case 'missing':
      return <Tag color="red">未报（已逾期 {c.daysLate} 天）</Tag>;
    case 'pending':
      return <Tag>未到截止日</Tag>;
    default:
      return <Typography.Text type="secondary">—</Typography.Text>;
  }
}

/** The unit's reports of the year: status and timeliness per period, with links to each report. */
export function ReportHistory(props: { year: number; unitCode: string; cityCode: string | undefined }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.periods.statusGrid.queryOptions({ year: props.year, cityCode: props.cityCode }));
  const row = q.data?.rows.find((r) => r.unitCode === props.unitCode);
  const names = new Map((q.data?.periods ?? []).map((p) => [p.code, p.name]));
  const rows: Row[] = (row?.cells ?? []).map((c) => ({ ...c, periodName: names.get(c.periodCode) ?? c.periodCode }));
  return (
    <Card title="报送记录与及时性" size="small">
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} empty={!row} emptyText="暂无报送记录" rows={4}>
        <Table<Row>
          rowKey="periodCode"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '期次', dataIndex: 'periodName' },
            { title: '截止日期', dataIndex: 'deadline', render: (d: string) => formatDateZh(d) },
            {
              title: '报告状态',
              dataIndex: 'reportStatus',
              render: (s: Row['reportStatus']) => (s ? <Tag color={STATUS_COLORS[s]}>{REPORT_STATUS_NAMES[s]}</Tag> : <Typography.Text type="secondary">未填报</Typography.Text>),
            },
            { title: '及时性', key: 't', render: (_, c) => <TimelinessTag c={c} /> },
            { title: '首次报送时间', dataIndex: 'submittedAt', render: (s: string | null) => (s ? formatDateTimeZh(s) : '—') },
            {
              title: '报告',
              key: 'link',
              render: (_, c) =>
                c.exists ? (
                  <Link to={`/report?unit=${encodeURIComponent(props.unitCode)}&period=${encodeURIComponent(c.periodCode)}`}>{c.reportId ? '查看报告' : '前往填报页'}</Link>
                ) : null,
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}
