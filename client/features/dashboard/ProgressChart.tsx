import { RETURNED_REPORT_RULE } from './params';
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, DASHES, formatPct, OI, type DataColumn, type DataRow } from '../../lib/charts';
import type { OverviewData } from './types';
import { formatDateZh } from '../../../shared/dates';

const QUARTER = ['第一季度', '第二季度', '第三季度', '第四季度'];

function shortPeriod(code: string): string {
  const q = Number(code.slice(-1));
  return QUARTER[q - 1] ?? code;
}

const SERIES = [
  { key: 'submittedPct', name: '本期报送率', color: OI.blue, dash: DASHES[0], symbol: 'circle' },
  { key: 'cataloguePct', name: '基本目录编制率', color: OI.green, dash: DASHES[1], symbol: 'square' },
  { key: 'shantytownRate', name: '棚户区改造完成率', color: OI.orange, dash: DASHES[2], symbol: 'triangle' },
  { key: 'ruralRate', name: '农村危房改造完成率', color: OI.purple, dash: DASHES[3], symbol: 'diamond' },
] as const;

const COLUMNS: DataColumn[] = [
  { key: 'periodName', title: '期次', width: 170 },
  ...SERIES.map((s) => ({ key: s.key, title: s.name, kind: 'percent' as const })),
  { key: 'target', title: '目标进度', kind: 'percent' },
];

/** Progress across the year's periods against the target line that reaches 100% by the catalogue deadline. */
export function ProgressChart(props: { data: OverviewData | undefined; loading: boolean; error: unknown; onRetry: () => void; height: number }) {
  const { data } = props;
  const rows: DataRow[] = useMemo(
    () =>
      (data?.progressSeries ?? []).map((p) => ({
        code: p.period,
        period: shortPeriod(p.period),
        periodName: p.opened ? p.periodName : `${p.periodName}（未开始）`,
        submittedPct: p.submittedPct,
        cataloguePct: p.cataloguePct,
        shantytownRate: p.shantytownRate,
        ruralRate: p.ruralRate,
        target: p.target,
      })),
    [data],
  );
  const year = data?.year ?? '';
  return (
    <ChartCard
      title="年度进度与目标"
      testId="chart-progress"
      fileName={`${year}年度${data?.scopeLabel ?? ''}政务公开工作进度`}
      sheetNote={data ? `${data.basisLabel}；目标进度按季度均匀推进，${formatDateZh(data.catalogue.deadline)}前达到 100%` : undefined}
      columns={COLUMNS}
      rows={rows}
      height={props.height}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      footnote={`黑色虚线为目标进度：按季度均匀推进，${data ? `${formatDateZh(data.catalogue.deadline)}（目录编制截止）` : '目录编制截止日'}前达到 100%。${RETURNED_REPORT_RULE}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 4, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tick={{ fontSize: 12 }} padding={{ left: 28, right: 28 }} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip
            formatter={(v) => formatPct(typeof v === 'number' ? v : null)}
            labelFormatter={(_label, payload) => String(payload?.[0]?.payload?.periodName ?? _label)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <ReferenceLine y={100} stroke="#595959" strokeWidth={1} />
          <Line
            dataKey="target"
            name="目标进度"
            stroke={OI.black}
            strokeDasharray="5 4"
            strokeWidth={2}
            dot={false}
            legendType="plainline"
            isAnimationActive={false}
          />
          {SERIES.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              strokeWidth={2.5}
              strokeDasharray={s.dash}
              dot={{ symbol: s.symbol, r: 5, fill: s.color, stroke: s.color }}
              activeDot={{ r: 6 }}
              legendType={s.symbol}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
