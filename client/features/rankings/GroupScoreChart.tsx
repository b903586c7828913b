import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '../../lib/charts/ChartCard';
import type { DataColumn, DataRow } from '../../lib/charts/format';
import { OKABE_ITO } from '../../lib/charts/palette';
import { formatCents } from '../../../shared/format';
import type { CityRow, GroupDef } from './types';

interface Props {
  rows: CityRow[];
  groups: GroupDef[];
  /** Title row of the export, e.g. 2018年度全省住房城乡建设系统政务公开工作考核结果. */
  title: string;
  subtitle: string;
  fileName: string;
}

/** Each city's group subtotals as stacked bars (before adjustments), with the same figures as a table. */
export function GroupScoreChart(props: Props) {
  const { groups } = props;
  /** Bureaus see other cities' totals only: leave those out rather than draw empty bars. */
  const rows = useMemo(() => props.rows.filter((r) => Object.keys(r.groups).length > 0), [props.rows]);
  const data = useMemo<DataRow[]>(
    () =>
      rows.map((r) => {
        const d: DataRow = { code: r.code, rank: r.rank, name: r.name, raw: r.raw / 100 };
        for (const g of groups) d[g.code] = r.groups[g.code] === undefined ? null : r.groups[g.code] / 100;
        return d;
      }),
    [rows, groups],
  );
  const columns = useMemo<DataColumn[]>(
    () => [
      { key: 'rank', title: '排名', kind: 'int', width: 64 },
      { key: 'name', title: '单位', kind: 'text', width: 100 },
      ...groups.map((g): DataColumn => ({ key: g.code, title: g.name, kind: 'decimal', width: 110 })),
      { key: 'raw', title: '分项合计', kind: 'decimal', width: 100 },
    ],
    [groups],
  );
  if (rows.length === 0) return null;
  const hidden = props.rows.length - rows.length;

  return (
    <ChartCard
      title="各设区市分项得分"
      fileName={props.fileName}
      sheetTitle={props.title}
      sheetNote={`${props.subtitle}；各设区市分项得分（未含分数调整）`}
      columns={columns}
      rows={data}
      height={360}
      testId="group-score-chart"
      footnote={
        <span>
          柱高为各分组得分之和（未含分数调整）。{hidden > 0 ? `另有 ${hidden} 个单位的分项得分不在您的查看范围内，未列出。` : ''}
        </span>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} tick={{ fontSize: 12 }} width={36} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatCents(Math.round(v * 100)) : String(v ?? ''))} />
          <Legend itemSorter={null} />
          {groups.map((g, i) => (
            <Bar key={g.code} dataKey={g.code} name={g.name} stackId="groups" fill={OKABE_ITO[i % OKABE_ITO.length]} stroke="#fff" strokeWidth={1} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
