import { useMemo, useState } from 'react';
import { App, Breadcrumb, Button, Card, Progress, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, ChartPatterns, exportToExcel, formatInt, formatPct, OI, patternFill, type DataColumn, type DataRow, type PatternDef } from '../../lib/charts';
import type { RatioRow, TopicsData } from './types';

export type RatioTopicKey = 'shantytown' | 'ruralHousing';

const TOPIC = {
  shantytown: { title: '棚户区改造', short: '棚改', target: '计划改造', done: '已完成改造', rate: '完成率' },
  ruralHousing: { title: '农村危房改造', short: '危改', target: '年度任务', done: '已竣工', rate: '完成率' },
} as const;

/**
 * Planned vs completed by city (bars, with the completion rate as a line on its own axis). Clicking
 * a city drills down to its counties; the table below expands every city into its counties.
 */
export function RatioTopic(props: {
  topic: RatioTopicKey;
  data: TopicsData | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  drill: string | undefined;
  onDrill: (code: string | undefined) => void;
}) {
  const { data, topic } = props;
  const t = TOPIC[topic];
  const unit = data?.labels[topic].unit ?? (topic === 'shantytown' ? '套' : '户');
  const block = data?.[topic];
  const rows = useMemo(() => block?.rows ?? [], [block]);
  // A city bureau's view is its own city: show its counties straight away.
  const single = rows.length === 1 && rows[0].children.length > 0 ? rows[0] : undefined;
  const drilled = rows.find((r) => r.code === props.drill && r.children.length > 0) ?? single;
  const shown: RatioRow[] = drilled ? drilled.children : rows;
  const canDrill = !drilled && rows.some((r) => r.children.length > 0);
  const year = data?.year ?? '';

  const patterns: PatternDef[] = [
    { id: `${topic}-target`, color: OI.sky, kind: 'hatch' },
    { id: `${topic}-done`, color: OI.blue, kind: 'solid' },
  ];
  const chartRows: DataRow[] = shown.map((r) => ({
    code: r.code,
    name: r.name,
    target: r.target,
    done: r.done,
    rate: r.rate,
    reporting: `${r.reporting}/${r.expected}`,
  }));
  const columns: DataColumn[] = [
    { key: 'name', title: drilled ? '县(市、区)' : rows[0]?.level === 'county' ? '单位' : '设区市', width: 110 },
    { key: 'target', title: t.target, kind: 'int', unit },
    { key: 'done', title: t.done, kind: 'int', unit },
    { key: 'rate', title: t.rate, kind: 'percent' },
    { key: 'reporting', title: '有数据/应报单位' },
  ];
  const where = drilled ? drilled.name : data?.scope.level === 'county' ? data.scopeLabel : '各设区市';
  const many = chartRows.length > 12;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <ChartCard
        title={`${year}年度${where}${t.title}完成情况`}
        testId={`chart-${topic}`}
        fileName={`${year}年度${where}${t.title}完成情况`}
        sheetNote={data ? `${data.period.name} · ${data.basisLabel}` : undefined}
        columns={columns}
        rows={chartRows}
        height={320}
        loading={props.loading}
        error={props.error}
        onRetry={props.onRetry}
        emptyText={`暂无${t.title}数据`}
        extra={
          drilled && !single ? (
            <Breadcrumb
              className="drill-crumb"
              items={[{ title: <a onClick={() => props.onDrill(undefined)}>全省</a> }, { title: drilled.name }]}
            />
          ) : null
        }
        footnote={
          <>
            柱形：{t.target}（斜线）与{t.done}（实心），单位：{unit}；折线：{t.rate}（右轴）。设区市数据为所辖县(市、区)分子、分母分别求和。
            {canDrill ? '点击设区市的柱形查看所辖县(市、区)。' : ''}
            {drilled && drilled.leftOut.length > 0 ? `未计入（无已报送数据）：${drilled.leftOut.join('、')}。` : ''}
          </>
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={chartRows}
            margin={{ top: 12, right: 8, bottom: many ? 24 : 4, left: 8 }}
            accessibilityLayer
            onClick={(state) => {
              const i = state?.activeTooltipIndex;
              const row = typeof i === 'number' ? shown[i] : typeof i === 'string' ? shown[Number(i)] : undefined;
              if (canDrill && row && row.children.length) props.onDrill(row.code);
            }}
            style={canDrill ? { cursor: 'pointer' } : undefined}
          >
            <ChartPatterns patterns={patterns} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} angle={many ? -30 : 0} textAnchor={many ? 'end' : 'middle'} height={many ? 48 : 30} />
            <YAxis yAxisId="n" tick={{ fontSize: 12 }} width={64} tickFormatter={(v: number) => formatInt(v)} label={{ value: unit, position: 'insideTopLeft', offset: -4, fontSize: 12 }} />
            <YAxis yAxisId="r" orientation="right" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
            <Tooltip
              formatter={(v, name) => {
                const n = typeof v === 'number' ? v : null;
                return name === t.rate ? formatPct(n) : `${formatInt(n)} ${unit}`;
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            <Bar yAxisId="n" dataKey="target" name={t.target} fill={patternFill(patterns[0])} stroke={OI.sky} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="done" name={t.done} fill={patternFill(patterns[1])} stroke={OI.blue} isAnimationActive={false} />
            <Line
              yAxisId="r"
              dataKey="rate"
              name={t.rate}
              stroke={OI.vermillion}
              strokeWidth={2}
              dot={{ symbol: 'diamond', r: 5, fill: OI.vermillion, stroke: OI.vermillion }}
              legendType="diamond"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>
      <DrillTable topic={topic} data={data} rows={rows} loading={props.loading} unit={unit} />
    </Space>
  );
}

/** Every city with its counties (expand a row), with an export that lists both levels. */
function DrillTable(props: { topic: RatioTopicKey; data: TopicsData | undefined; rows: RatioRow[]; loading: boolean; unit: string }) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const t = TOPIC[props.topic];
  const { data, rows, unit } = props;
  type TreeRow = Omit<RatioRow, 'children'> & { key: string; children?: TreeRow[] };
  const tree: TreeRow[] = rows.map((r) => ({
    ...r,
    key: r.code,
    children: r.children.length ? r.children.map((c) => ({ ...c, key: c.code, children: undefined })) : undefined,
  }));
  const columns: ColumnsType<TreeRow> = [
    { title: '单位', dataIndex: 'name', width: 180, render: (v: string, r) => (r.level === 'city' ? <strong>{v}</strong> : v) },
    { title: `${t.target}（${unit}）`, dataIndex: 'target', align: 'right', render: (v: number) => formatInt(v) },
    { title: `${t.done}（${unit}）`, dataIndex: 'done', align: 'right', render: (v: number) => formatInt(v) },
    {
      title: t.rate,
      dataIndex: 'rate',
      width: 220,
      render: (v: number | null, r) =>
        r.reporting === 0 ? (
          <Typography.Text type="secondary">无已报送数据</Typography.Text>
        ) : v === null ? (
          <Typography.Text type="secondary">无任务</Typography.Text>
        ) : (
          <Progress aria-label={`${r.name} ${t.rate} ${formatPct(v)}`} percent={Math.min(100, v)} size="small" format={() => formatPct(v)} strokeColor={v >= 100 ? OI.green : OI.blue} />
        ),
    },
    { title: '有数据/应报', key: 'rep', align: 'right', width: 110, render: (_: unknown, r) => `${r.reporting}/${r.expected}` },
  ];
  const doExport = async () => {
    if (!data) return;
    setExporting(true);
    try {
      const flat: DataRow[] = rows.flatMap((r) => [
        { city: r.level === 'city' ? r.name : '', name: r.name, level: r.level === 'city' ? '设区市（汇总）' : '县(市、区)', target: r.target, done: r.done, rate: r.rate },
        ...r.children.map((c) => ({ city: r.name, name: c.name, level: '县(市、区)', target: c.target, done: c.done, rate: c.rate })),
      ]);
      await exportToExcel({
        fileName: `${data.year}年度${t.title}分县明细`,
        sheetName: `${t.title}分县明细`,
        title: `${data.year}年度${data.scopeLabel}${t.title}完成情况（分县明细）`,
        note: `${data.period.name} · ${data.basisLabel}`,
        columns: [
          { key: 'city', title: '设区市' },
          { key: 'name', title: '单位' },
          { key: 'level', title: '层级' },
          { key: 'target', title: t.target, kind: 'int', unit },
          { key: 'done', title: t.done, kind: 'int', unit },
          { key: 'rate', title: t.rate, kind: 'percent' },
        ],
        rows: flat,
      });
      message.success('已导出');
    } catch (e) {
      message.error(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <Card
      size="small"
      title={`${t.title}分县明细`}
      className="chart-card"
      extra={
        <Button size="small" icon={<DownloadOutlined />} loading={exporting} disabled={!data || rows.length === 0} onClick={() => void doExport()} className="no-print">
          导出 Excel
        </Button>
      }
    >
      {props.loading ? (
        <Skeleton active title={false} paragraph={{ rows: 8 }} />
      ) : (
        <Table<TreeRow>
          size="small"
          rowKey="key"
          dataSource={tree}
          columns={columns}
          pagination={false}
          expandable={{ defaultExpandedRowKeys: tree.length === 1 ? [tree[0].key] : [] }}
          locale={{ emptyText: '暂无数据' }}
        />
      )}
    </Card>
  );
}
