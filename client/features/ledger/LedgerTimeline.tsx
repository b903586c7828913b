import { Card, Progress, Table, Typography } from 'antd';
import { formatDateZh } from '../../../shared/dates';
import { divisionProgress, type LedgerRow } from './model';

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** Marker colours: done on time, done late, overdue (red), not yet due — with shapes, not colour alone. */
function marker(r: LedgerRow): { fill: string; shape: 'circle' | 'square' | 'diamond' | 'ring'; label: string } {
  if (r.onTime) return { fill: '#009E73', shape: 'circle', label: '按期完成' };
  if (r.progress === 'done') return { fill: '#E69F00', shape: 'square', label: `逾期 ${r.overdueDays} 天完成` };
  if (r.overdue) return { fill: '#C0392B', shape: 'diamond', label: `已逾期 ${r.overdueDays} 天` };
  return { fill: '#8c8c8c', shape: 'ring', label: '未到期' };
}

/**
 * The ledger against the plan's dates: one line per division, each task instance at its due date,
 * today's line; overdue tasks in red. The same data is in the table below, for screen readers.
 */
export function LedgerTimeline({ rows, today, year }: { rows: LedgerRow[]; today: string; year: number }) {
  const divisions = [...new Map(rows.map((r) => [r.ownerCode, r.ownerName])).entries()];
  const start = toDay(`${year}-01-01`);
  const end = Math.max(toDay(`${year + 1}-01-31`), ...rows.map((r) => toDay(r.due)));
  const left = 112;
  const width = 860;
  const rowH = 26;
  const height = 40 + divisions.length * rowH;
  const x = (iso: string) => left + ((toDay(iso) - start) / (end - start)) * (width - left - 12);
  const months = Array.from({ length: 13 }, (_, i) => `${i < 12 ? year : year + 1}-${String((i % 12) + 1).padStart(2, '0')}-01`);
  const todayX = toDay(today) >= start && toDay(today) <= end ? x(today) : null;
  return (
    <Card title={`${year} 年度任务时间线`} size="small">
      {divisions.length === 0 ? (
        <Typography.Text type="secondary">本年度没有台账任务</Typography.Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <svg width={width} height={height} role="img" aria-label={`${year}年度任务分解台账时间线：每个处室一行，按截止日期标出各项任务，红色菱形为已逾期任务`}>
            {months.map((m) => (
              <g key={m}>
                <line x1={x(m)} x2={x(m)} y1={20} y2={height - 4} stroke="#f0f0f0" />
                <text x={x(m) + 2} y={14} fontSize={11} fill="#595959">
                  {Number(m.slice(5, 7))}月
                </text>
              </g>
            ))}
            {divisions.map(([code, name], i) => {
              const y = 34 + i * rowH;
              return (
                <g key={code}>
                  <text x={4} y={y + 4} fontSize={12} fill="#1f1f1f">
                    {name}
                  </text>
                  <line x1={left} x2={width - 12} y1={y} y2={y} stroke="#d9d9d9" />
                  {rows
                    .filter((r) => r.ownerCode === code)
                    .map((r) => {
                      const m = marker(r);
                      const cx = x(r.due);
                      const title = <title>{`${r.text}${r.instanceLabel ? `（${r.instanceLabel}）` : ''}：${formatDateZh(r.due)}截止，${m.label}`}</title>;
                      if (m.shape === 'circle') return <circle key={`${r.taskId}${r.instance}`} cx={cx} cy={y} r={6} fill={m.fill}>{title}</circle>;
                      if (m.shape === 'square') return <rect key={`${r.taskId}${r.instance}`} x={cx - 6} y={y - 6} width={12} height={12} fill={m.fill}>{title}</rect>;
                      if (m.shape === 'diamond') return <polygon key={`${r.taskId}${r.instance}`} points={`${cx},${y - 8} ${cx + 8},${y} ${cx},${y + 8} ${cx - 8},${y}`} fill={m.fill}>{title}</polygon>;
                      return <circle key={`${r.taskId}${r.instance}`} cx={cx} cy={y} r={5} fill="#fff" stroke={m.fill} strokeWidth={2}>{title}</circle>;
                    })}
                </g>
              );
            })}
            {todayX !== null && (
              <g>
                <line x1={todayX} x2={todayX} y1={18} y2={height - 2} stroke="#0b57d0" strokeDasharray="4 3" strokeWidth={1.5} />
                <text x={todayX - 3} y={height - 6} fontSize={11} fill="#0b57d0" textAnchor="end">
                  今天 {formatDateZh(today)}
                </text>
              </g>
            )}
          </svg>
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        <span style={{ color: '#009E73' }}>●</span> 按期完成{'\u3000'}<span style={{ color: '#E69F00' }}>■</span> 逾期完成{'\u3000'}<span style={{ color: '#C0392B' }}>◆</span> 已逾期未完成{'\u3000'}○ 未到期{'\u3000'}<span style={{ color: '#0b57d0' }}>┆</span> 今天
      </Typography.Paragraph>
    </Card>
  );
}

/** Each division's progress on its tasks of the year. */
export function DivisionProgressTable({ rows, today }: { rows: LedgerRow[]; today: string }) {
  const data = divisionProgress(rows, today);
  return (
    <Card title="各处室任务进度" size="small">
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={data}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '暂无任务' }}
        columns={[
          { title: '处室', dataIndex: 'name' },
          { title: '任务', dataIndex: 'total', align: 'right', render: (v: number) => `${v} 项` },
          { title: '已完成', dataIndex: 'done', align: 'right', render: (v: number) => `${v} 项` },
          { title: '按期完成', dataIndex: 'onTime', align: 'right', render: (v: number) => `${v} 项` },
          {
            title: '已逾期未完成',
            dataIndex: 'overdue',
            align: 'right',
            render: (v: number) => (v ? <Typography.Text type="danger" strong>{v} 项</Typography.Text> : '0 项'),
          },
          {
            title: '完成率',
            key: 'rate',
            width: 180,
            render: (_, d) => <Progress percent={Math.round((d.done / Math.max(1, d.total)) * 100)} size="small" status={d.overdue ? 'exception' : d.done === d.total ? 'success' : 'normal'} aria-label={`${d.name}完成率`} />,
          },
        ]}
      />
    </Card>
  );
}
