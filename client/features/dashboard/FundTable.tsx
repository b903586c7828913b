import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { ChartCard, formatValue, STATUS_STYLE, type DataColumn, type DataRow } from '../../lib/charts';
import type { TopicsData } from './types';

type Fund = TopicsData['fundEvaluations'][number]['housing'];

function yesText(f: Fund): string {
  if (!f.hasReport) return '无已报送报告';
  if (f.yes === null) return '未填报';
  if (!f.yes) return '否';
  return f.published ? '是' : '是（缺佐证）';
}

function YesCell({ f }: { f: Fund }) {
  const key = f.published ? 'done' : f.yes ? 'late' : 'not-done';
  const s = STATUS_STYLE[key];
  if (!f.hasReport || f.yes === null) return <Typography.Text type="secondary">{yesText(f)}</Typography.Text>;
  return (
    <span className="status-cell" style={{ color: s.color, background: s.background }}>
      {f.published ? '✓' : '✗'} {yesText(f)}
    </span>
  );
}

function LinkCell({ href }: { href: string | null }) {
  if (!href) return <Typography.Text type="secondary">—</Typography.Text>;
  const external = /^https?:\/\//.test(href);
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" title={href}>
      {external ? '公开网页' : '佐证文件'}
    </a>
  );
}

const COLUMNS: DataColumn[] = [
  { key: 'name', title: '设区市', width: 100 },
  { key: 'housing', title: '保障性安居工程资金绩效评价结果公开', width: 190 },
  { key: 'score', title: '绩效评价得分', kind: 'decimal', width: 110 },
  { key: 'housingLink', title: '公开链接', width: 110 },
  { key: 'rural', title: '农村危房改造绩效评价结果公布', width: 190 },
  { key: 'ruralLink', title: '公开链接', width: 110 },
];

/** HS-03 and RH-03 per city: done and published, the evaluation score, the link to the published result. */
export function FundTable(props: { data: TopicsData | undefined; loading: boolean; error: unknown; onRetry: () => void; expectedRows: number }) {
  const { data } = props;
  const funds = data?.fundEvaluations ?? [];
  const byCode = new Map(funds.map((f) => [f.code, f]));
  const rows: DataRow[] = funds.map((f) => ({
    code: f.code,
    name: f.name,
    housing: yesText(f.housing),
    score: f.housing.evaluationScore,
    housingLink: f.housing.evidence,
    rural: yesText(f.rural),
    ruralLink: f.rural.evidence,
  }));
  const n = data ? Math.max(1, rows.length) : props.expectedRows;
  const render = (c: DataColumn, r: DataRow): ReactNode => {
    const f = byCode.get(String(r.code));
    if (!f) return null;
    switch (c.key) {
      case 'housing':
        return <YesCell f={f.housing} />;
      case 'rural':
        return <YesCell f={f.rural} />;
      case 'housingLink':
        return <LinkCell href={f.housing.evidence} />;
      case 'ruralLink':
        return <LinkCell href={f.rural.evidence} />;
      default:
        return formatValue(r[c.key], c.kind);
    }
  };
  return (
    <ChartCard
      title={`${data?.year ?? ''}年度资金绩效评价结果公开情况`}
      testId="table-funds"
      fileName={`${data?.year ?? ''}年度各设区市资金绩效评价结果公开情况`}
      sheetNote={data ? `${data.period.name} · ${data.basisLabel}` : undefined}
      columns={COLUMNS}
      rows={rows}
      height={Math.min(720, 64 + n * 40)}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      emptyText="县级单位不填报资金绩效评价指标（由设区市填报）"
      renderCell={render}
      footnote="“是”且附公开网页或佐证文件视为已公开；填“是”但缺佐证的不计为已公开。得分为城镇保障性安居工程财政资金绩效评价得分。"
    />
  );
}
