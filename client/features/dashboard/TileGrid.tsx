import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Select } from 'antd';
import { ChartCard, classesFor, classOf, formatValue, NO_DATA_COLOR, textOn, type DataColumn, type DataRow } from '../../lib/charts';
import { unitLink } from './params';
import type { Measure, OverviewData, UnitRow } from './types';

/**
 * The 11 cities as tiles placed roughly where they lie (not a boundary map: published maps of
 * China need an official approval number). Column, row in a 3-column grid.
 */
export const CITY_TILES: Record<string, [number, number]> = {
  '330100': [1, 1], // 杭州
  '330500': [2, 1], // 湖州
  '330400': [3, 1], // 嘉兴
  '330600': [1, 2], // 绍兴
  '330200': [2, 2], // 宁波
  '330900': [3, 2], // 舟山
  '330700': [1, 3], // 金华
  '330800': [2, 3], // 衢州
  '331000': [3, 3], // 台州
  '331100': [1, 4], // 丽水
  '330300': [2, 4], // 温州
};

function valueText(v: number | null | undefined, m: Measure): string {
  return formatValue(v ?? null, m.unit === '分' ? 'score' : 'percent');
}

/** Tiles coloured by a chosen measure (sequential, colour-blind safe), values printed on each tile. */
export function TileGrid(props: {
  data: OverviewData | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  height: number;
  measureKey: string;
  onMeasure: (key: string) => void;
}) {
  const { data } = props;
  const navigate = useNavigate();
  const province = data?.scope.level !== 'city';
  const units: UnitRow[] = useMemo(() => (data ? (data.scope.level === 'province' ? data.cities : data.counties) : []), [data]);
  const measures = data?.measures ?? [];
  const measure: Measure = measures.find((m) => m.key === props.measureKey) ?? measures[0] ?? { key: 'S', name: '进度得分', unit: '分' };
  const classes = classesFor(measure.unit);
  const rows: DataRow[] = useMemo(
    () => units.map((u) => ({ code: u.code, name: u.name, value: u.values[measure.key] ?? null, S: u.S === null ? null : u.S / 100 })),
    [units, measure.key],
  );
  const columns: DataColumn[] = [
    { key: 'name', title: '单位', width: 120 },
    { key: 'value', title: measure.name, kind: measure.unit === '分' ? 'score' : 'percent' },
    ...(measure.key === 'S' ? [] : [{ key: 'S', title: '进度得分', kind: 'score' as const }]),
  ];
  const go = (code: string) => data && void navigate(unitLink(code, data.year, data.period.code));
  const what = province ? '各设区市' : '各县(市、区)';

  return (
    <ChartCard
      title={`${what}分布`}
      testId="chart-tiles"
      fileName={`${data?.year ?? ''}年度${what}${measure.name.replace(/（得分率）$/, '得分率')}`}
      sheetNote={data ? `${data.period.name} · ${data.basisLabel}` : undefined}
      columns={columns}
      rows={rows}
      height={props.height}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      emptyText="没有可显示的单位"
      footnote={
        province
          ? '方块按所选指标着色并标注数值，位置大致对应地理方位（非行政区划地图）。点击方块查看单位详情。'
          : '方块按所选指标着色并标注数值，按行政区划代码排列。点击方块查看单位详情。'
      }
    >
      <div className="tile-wrap">
        <div className="tile-toolbar no-print">
          <span>着色指标</span>
          <Select<string>
            aria-label="着色指标"
            size="small"
            style={{ flex: 1, maxWidth: 320 }}
            value={measure.key}
            onChange={props.onMeasure}
            options={measures.map((m) => ({ value: m.key, label: m.name }))}
            popupMatchSelectWidth={360}
          />
        </div>
        <div className="tile-print-measure">着色指标：{measure.name}</div>
        <div className={province ? 'tile-grid tile-grid-province' : 'tile-grid tile-grid-flow'} role="list" aria-label={`${what}${measure.name}`}>
          {units.map((u) => {
            const v = u.values[measure.key] ?? null;
            const cls = classOf(v, classes);
            const bg = cls?.color ?? NO_DATA_COLOR;
            const pos = province ? CITY_TILES[u.code] : undefined;
            return (
              <button
                type="button"
                role="listitem"
                key={u.code}
                className={cls ? 'tile' : 'tile tile-nodata'}
                style={{ background: bg, color: cls ? textOn(bg) : '#595959', ...(pos ? { gridColumn: pos[0], gridRow: pos[1] } : {}) }}
                onClick={() => go(u.code)}
                title={`${u.name}：${measure.name} ${valueText(v, measure)}${u.hasReport ? '' : '（无已报送报告）'}`}
                data-testid={`tile-${u.code}`}
              >
                <span className="tile-name">{u.name}</span>
                <span className="tile-value">{valueText(v, measure)}</span>
              </button>
            );
          })}
        </div>
        <div className="tile-legend" aria-label="图例">
          {classes.map((c) => (
            <span key={c.label} className="tile-legend-item">
              <i style={{ background: c.color }} />
              {c.label}
            </span>
          ))}
          <span className="tile-legend-item">
            <i className="tile-nodata" style={{ background: NO_DATA_COLOR }} />
            无数据
          </span>
        </div>
      </div>
    </ChartCard>
  );
}
