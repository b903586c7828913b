import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { PERIOD_STATUS_NAMES, STATUS_COLORS, TIMELINESS_TAGS, type ReportData } from './model';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';

export function StatusTag({ status }: { status: keyof typeof REPORT_STATUS_NAMES | null | undefined }) {
  if (!status) return <Tag>尚未填报</Tag>;
  return <Tag color={STATUS_COLORS[status]}>{REPORT_STATUS_NAMES[status]}</Tag>;
}

export function TimelinessTag({ t }: { t: ReportData['timeliness'] }) {
  const spec = TIMELINESS_TAGS[t.status];
  return <Tag color={spec.color}>{spec.text(t.daysLate)}</Tag>;
}

function versionText(report: ReportData['report']): string {
  if (!report) return '—';
  const draft = report.status === 'draft' || report.status === 'returned';
  return `第 ${report.currentVersion} 版${draft ? '（修改中，未报送）' : ''}`;
}

/** Who, which period, where it stands: the top of the report form. */
export function ReportHeader({ data, periodSelector, extra }: { data: ReportData; periodSelector?: ReactNode; extra?: ReactNode }) {
  const { unit, period, report } = data;
  const items: DescriptionsProps['items'] = [
    { key: 'unit', label: '填报单位', children: `${unit.name}（${unit.code}）` },
    {
      key: 'period',
      label: '期次',
      children: (
        <Space size={6} wrap>
          {periodSelector ?? (
            <>
              {period.name}
              <Tag>{PERIOD_STATUS_NAMES[period.status]}</Tag>
            </>
          )}
        </Space>
      ),
    },
    { key: 'version', label: '版本', children: versionText(report) },
    {
      key: 'due',
      label: '截止日期',
      children: period.extension ? (
        <span>
          <Typography.Text delete type="secondary">
            {formatDateZh(period.due)}
          </Typography.Text>{' '}
          已延期至 <Typography.Text strong>{formatDateZh(period.extension.due)}</Typography.Text>
          <Typography.Text type="secondary">（理由：{period.extension.reason}）</Typography.Text>
        </span>
      ) : (
        `${formatDateZh(period.due)}（${formatDateZh(period.locks)}锁定）`
      ),
    },
    { key: 'timeliness', label: '报送及时性', children: <TimelinessTag t={data.timeliness} /> },
  ];
  if (report?.lastSubmittedAt) {
    items.push({
      key: 'submitted',
      label: '最近报送',
      children: (
        <Space size={8} wrap>
          {formatDateTimeZh(report.lastSubmittedAt)}
          {report.lastSubmittedVersion && (
            <Link to={`/receipt/${report.id}?version=${report.lastSubmittedVersion}`} className="no-print">
              打印回执（第 {report.lastSubmittedVersion} 版）
            </Link>
          )}
        </Space>
      ),
    });
  }
  if (report?.updatedAt) items.push({ key: 'updated', label: '最后保存', children: formatDateTimeZh(report.updatedAt) });
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {unit.name} · {period.name}
          </Typography.Title>
          <StatusTag status={report?.status} />
        </Space>
        {extra}
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} items={items} />
    </Card>
  );
}
