import { Alert, Button, Card, Flex, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { daysBetween, formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';

/**
 * 本期待办 on a reporting bureau's overview: the current period, whether its report is done, how many
 * days are left (or how late it is), and a returned report's reason — each with the way to act.
 */
export function ReportTodoCard({ unitCode, level }: { unitCode: string; level: 'city' | 'county' }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.periods.current.queryOptions());
  const period = current.data;
  const form = useQuery({ ...trpc.reports.get.queryOptions({ unitCode, periodCode: period?.code ?? '2018Q1' }), enabled: !!period });
  const f = form.data;
  let body: React.ReactNode = <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  if (current.isSuccess && !period) body = <Typography.Text type="secondary">当前没有开放填报的期次</Typography.Text>;
  else if (current.error || form.error) body = <Alert type="error" showIcon title="本期待办加载失败" description={(current.error ?? form.error)?.message} />;
  else if (period && f) {
    const r = f.report;
    const t = f.timeliness;
    const left = daysBetween(f.today, t.deadline);
    const due = `截止 ${formatDateZh(t.deadline)}`;
    const reportLink = `/report?period=${period.code}`;
    const next = level === 'county' ? '等待设区市审核' : '等待厅办公室采纳';
    if (r?.status === 'returned') {
      body = (
        <Alert
          type="error"
          showIcon
          title={`${period.name}报告被退回修改`}
          description={`理由：${r.returnReason ?? '（未说明）'}。修改后重新报送；${due}。`}
          action={
            <Link to={reportLink}>
              <Button type="primary">去修改</Button>
            </Link>
          }
        />
      );
    } else if (!r || r.status === 'draft') {
      const when = t.status === 'missing' ? `已逾期 ${t.daysLate} 天（${due}）` : left === 0 ? `今天截止（${formatDateZh(t.deadline)}）` : `还有 ${left} 天（${due}）`;
      body = (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <div>
            <Typography.Text strong>{period.name}报告{r ? '已存草稿，尚未报送' : '尚未填报'}</Typography.Text>
            <div>
              <Typography.Text type={t.status === 'missing' ? 'danger' : undefined}>{when}</Typography.Text>
              {f.editBlock && <Typography.Text type="secondary">；{f.editBlock}</Typography.Text>}
            </div>
          </div>
          <Link to={reportLink}>
            <Button type="primary">去填报</Button>
          </Link>
        </Flex>
      );
    } else {
      body = (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <div>
            <Typography.Text strong>
              {period.name}报告{REPORT_STATUS_NAMES[r.status]}（第 {r.currentVersion} 版）
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {formatDateTimeZh(r.lastSubmittedAt)}报送
                {r.status === 'accepted' ? '，已计入考核' : `，${r.status === 'approved' ? '设区市已审核，等待厅办公室采纳' : next}`}
              </Typography.Text>
            </div>
          </div>
          {r.lastSubmittedVersion && <Link to={`/receipt/${r.id}?version=${r.lastSubmittedVersion}`}>打印回执</Link>}
        </Flex>
      );
    }
  }
  return (
    <Card size="small" title={<span>本期待办</span>} style={{ marginBottom: 16 }} data-testid="report-todo">
      {body}
    </Card>
  );
}
