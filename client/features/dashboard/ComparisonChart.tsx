import { RETURNED_REPORT_RULE } from './params';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, ChartPatterns, formatPct, OI, patternFill, type DataColumn, type DataRow, type PatternDef } from '../../lib/charts';
import { unitLink } from './params';
import type { OverviewData, UnitRow } from './types';

const SERIES: (PatternDef & { key: string; name: string })[] = [
  { key: 'submittedPct', name: '本期报送率', id: 'cmp-submitted', color: OI.blue, kind: 'solid' },
  { key: 'cataloguePct', name: '基本目录编制率', id: 'cmp-catalogue', color: OI.green, kind: 'hatch' },
  { key: 'shantytownRate', name: '棚户区改造完成率', id: 'cmp-shantytown', color: OI.orange, kind: 'dots' },
  { key: 'ruralRate', name: '农村危房改造完成率', id: 'cmp-rural', color: OI.purple, kind: 'cross' },
];

const COLUMNS: DataColumn[] = [
  { key: 'name', title: '单位', width: 120 },
  { key: 'S', title: '进度得分', kind: 'score' },
  ...SERIES.map((s) => ({ key: s.key, title: s.name, kind: 'percent' as const })),
];

/** Cities (or, for a city's view, its counties) side by side on the four completion rates. */
export function ComparisonChart(props: { data: OverviewData | undefined; loading: boolean; error: unknown; onRetry: () => void; height: number }) {
  const { data } = props;
  const navigate = useNavigate();
  const units: UnitRow[] = useMemo(() => (data ? (data.scope.level === 'province' ? data.cities : data.counties) : []), [data]);
  const rows: DataRow[] = useMemo(
    () =>
      units.map((u) => ({
        code: u.code,
        name: u.name,
        S: u.S === null ? null : u.S / 100,
        ...Object.fromEntries(SERIES.map((s) => [s.key, u.values[s.key] ?? null])),
      })),
    [units],
  );
  const what = data?.scope.level === 'province' ? '各设区市' : '各县(市、区)';
  const many = rows.length > 12;
  return (
    <ChartCard
      title={`${what}完成情况对比`}
      testId="chart-comparison"
      fileName={`${data?.year ?? ''}年度${data?.scope.level === 'province' ? '' : data?.scopeLabel ?? ''}${what}政务公开工作完成情况`}
      sheetNote={data ? `${data.period.name} · ${data.basisLabel}` : undefined}
      columns={COLUMNS}
      rows={rows}
      height={props.height}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      emptyText="没有可对比的单位"
      footnote={`柱形以颜色和纹理区分；报送率按本单位及所辖县(市、区)计，棚改、危改完成率按所辖县(市、区)汇总（分子分母分别求和）。点击柱形查看单位详情。${RETURNED_REPORT_RULE}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 12, right: 16, bottom: many ? 24 : 4, left: 0 }}
          barGap={1}
          barCategoryGap="18%"
          accessibilityLayer
          onClick={(state) => {
            const i = state?.activeTooltipIndex;
            const row = typeof i === 'number' ? rows[i] : typeof i === 'string' ? rows[Number(i)] : undefined;
            if (row && data) void navigate(unitLink(String(row.code), data.year, data.period.code));
          }}
          style={{ cursor: 'pointer' }}
        >
          <ChartPatterns patterns={SERIES} />
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} angle={many ? -30 : 0} textAnchor={many ? 'end' : 'middle'} height={many ? 48 : 30} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(v) => formatPct(typeof v === 'number' ? v : null)} cursor={{ fill: 'rgba(0,0,0,0.05)' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={patternFill(s)} stroke={s.color} strokeWidth={1} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
