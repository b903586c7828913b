import { useQuery } from '@tanstack/react-query';
import { Result } from 'antd';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { ReportEditor, type ReportEditorProps } from './ReportEditor';
import type { ReportData } from './model';

/** The report of a unit that reports (city or county); a notice for any other unit. */
export function ReportBody({ data, ...rest }: { data: ReportData } & Omit<ReportEditorProps, 'data' | 'level'>) {
  if (!data.level) {
    return <Result status="info" title={`${data.unit.name}不填报`} subTitle={data.editBlock ?? '只有设区市和县(市、区)住建局填报进度报告'} />;
  }
  return <ReportEditor data={data} level={data.level} {...rest} />;
}

/**
 * One unit's report for one period, read-only: header, return reason, values with evidence and
 * reviewer flags, history and version comparison. For reviewers' drawers.
 */
export function ReportView({ unitCode, periodCode }: { unitCode: string; periodCode: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.reports.get.queryOptions({ unitCode, periodCode }));
  return (
    <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} rows={12}>
      {q.data && <ReportBody data={q.data} forceReadOnly layout="stacked" onReload={() => void q.refetch()} />}
    </QueryState>
  );
}

export default ReportView;
