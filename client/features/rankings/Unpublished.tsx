import { Empty, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { periodLabel } from '../../../shared/periods';
import { useTRPC } from '../../lib/trpc';

/**
 * Before publication a leader or bureau sees why the page is empty and where to go instead; the
 * office never lands here (it sees the live draft).
 */
export function Unpublished({ year, mayProgress, isOffice = false }: { year: number; mayProgress: boolean; isOffice?: boolean }) {
  const periods = useQuery({ ...useTRPC().periods.list.queryOptions({ year }), enabled: mayProgress });
  const latest = periods.data?.map((p) => p.code).sort().at(-1);
  return (
    <div data-testid="ranking-unpublished">
      <Empty description={`${year} 年度考核结果尚未发布`}>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto 8px' }}>
          年度考核结果由厅办公室在各单位年度报告审核采纳、评分核对后发布；发布后此处显示全省排名、各单位得分及每项指标的计算说明。
        </Typography.Paragraph>
        {mayProgress && !isOffice && latest && (
          <Link to={`/rankings?year=${year}&period=${latest}`}>查看{periodLabel(latest)}进度排名（非正式）</Link>
        )}
        {isOffice && <Link to={`/rankings?year=${year}`}>查看 {year} 年度实时草稿</Link>}
      </Empty>
    </div>
  );
}
