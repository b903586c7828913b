import type { ReactNode } from 'react';
import { Tooltip } from 'antd';
import { ChartCard, STATUS_STYLE, type DataColumn, type DataRow, type StatusKey } from '../../lib/charts';
import type { TopicsData } from './types';

const SHORT: Record<string, string> = {
  'IN-01': '行政处罚公开',
  'IN-02': '规划审批公开',
  'IN-03': '房产违规通报',
  'IN-04': '供水水质公告',
  'IN-05': '建筑市场黑名单',
  'IN-06': '公积金年报',
  'IN-07': '三改一拆成果',
};

function StatusCell({ status, detail }: { status: StatusKey; detail: string }) {
  const s = STATUS_STYLE[status];
  const word = status === 'late' ? '逾期' : status === 'n/a' ? '' : s.label.replace('已完成', '完成');
  return (
    <Tooltip title={detail}>
      <span className="status-cell" style={{ color: s.color, background: s.background }} aria-label={`${s.label}：${detail}`}>
        {s.symbol} {word}
      </span>
    </Tooltip>
  );
}

/** Units × 行业信息公开 indicators: done ✓ / late △ 逾期 / not done ✗ (text, symbol and colour). */
export function SectorMatrix(props: { data: TopicsData | undefined; loading: boolean; error: unknown; onRetry: () => void; expectedRows: number }) {
  const { data } = props;
  const inds = data?.sectorIndicators ?? [];
  const matrix = data?.sectorMatrix ?? [];
  const byCode = new Map(matrix.map((m) => [m.code, m]));
  const columns: DataColumn[] = [
    { key: 'name', title: '单位', width: 96 },
    ...inds.map((i) => ({ key: i.code, title: `${i.code} ${SHORT[i.code] ?? i.name.slice(0, 8)}`, width: 116 })),
    { key: 'doneCount', title: '完成项数', width: 90 },
  ];
  const rows: DataRow[] = matrix.map((m) => {
    const applicable = inds.filter((i) => m.cells[i.code]?.status !== 'n/a');
    const done = applicable.filter((i) => m.cells[i.code]?.status === 'done').length;
    return {
      code: m.code,
      name: m.name,
      ...Object.fromEntries(
        inds.map((i) => {
          const c = m.cells[i.code];
          const s = STATUS_STYLE[c?.status ?? 'n/a'];
          return [i.code, c && c.status !== 'n/a' ? `${s.symbol} ${s.label}：${c.detail}` : '不适用'];
        }),
      ),
      doneCount: `${done}/${applicable.length}`,
    };
  });
  const render = (c: DataColumn, r: DataRow): ReactNode => {
    const m = byCode.get(String(r.code));
    const cell = m?.cells[c.key];
    if (cell) return <StatusCell status={cell.status} detail={cell.detail} />;
    return r[c.key];
  };
  const n = data ? Math.max(1, rows.length) : props.expectedRows;
  return (
    <ChartCard
      title={`${data?.year ?? ''}年度行业信息公开完成情况`}
      testId="table-sector"
      fileName={`${data?.year ?? ''}年度${data?.scope.level === 'province' ? '各设区市' : data?.scopeLabel ?? ''}行业信息公开完成情况`}
      sheetNote={data ? `${data.period.name} · ${data.basisLabel}；✓ 已完成 △ 逾期完成 ✗ 未完成` : undefined}
      columns={columns}
      rows={rows}
      height={Math.min(720, 64 + n * 40)}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      renderCell={render}
      footnote={
        <>
          <div className="status-legend" aria-label="图例">
            {(['done', 'late', 'not-done', 'n/a'] as const).map((k) => (
              <span key={k}>
                <span className="status-cell" style={{ color: STATUS_STYLE[k].color, background: STATUS_STYLE[k].background }}>
                  {STATUS_STYLE[k].symbol}
                </span>{' '}
                {STATUS_STYLE[k].label}
              </span>
            ))}
          </div>
          <div style={{ marginTop: 4 }}>
            逾期：完成日期晚于指标截止日期（仅对设有截止日期的指标）；比率类指标达到目标值即为完成。鼠标悬停查看填报数值。
            {inds.map((i) => `${i.code} ${i.name}`).join('；')}。
          </div>
        </>
      }
    />
  );
}
