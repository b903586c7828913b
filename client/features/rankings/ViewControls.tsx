import { Checkbox, Select, Space, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { periodLabel } from '../../../shared/periods';
import { useTRPC } from '../../lib/trpc';
import { publishedDate } from './format';
import { DEFAULT_YEAR, type ViewParams } from './params';
import type { Publication } from './types';

/**
 * Year, view (annual / a quarter's progress) and published version. Only the office and leaders may
 * pick a progress view; only the office has a live draft.
 */
export function ViewControls(props: {
  view: ViewParams;
  isOffice: boolean;
  mayProgress: boolean;
  publications: Publication[];
  update: (patch: Record<string, string | number | undefined>) => void;
}) {
  const { view, update } = props;
  const trpc = useTRPC();
  const years = useQuery(trpc.scheme.years.queryOptions());
  const periods = useQuery({ ...trpc.periods.list.queryOptions({ year: view.year }), enabled: props.mayProgress });

  const yearOptions = (years.data?.map((y) => y.year) ?? [DEFAULT_YEAR]).concat(years.data?.some((y) => y.year === view.year) ? [] : [view.year]);
  const uniqueYears = [...new Set(yearOptions)].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y} 年度` }));

  // Every quarter, the fourth (年度) included: until publication its figures are progress too.
  const progressOptions = (periods.data ?? []).map((p) => ({ value: p.code, label: `${p.name}进度（非正式）` }));
  // A period in the URL (from a tile or a link) is named in Chinese even before the list has loaded.
  if (view.period && !progressOptions.some((o) => o.value === view.period)) progressOptions.push({ value: view.period, label: `${periodLabel(view.period)}进度（非正式）` });
  const viewOptions = [{ value: '', label: '年度考核' }, ...progressOptions];

  const versionOptions = [
    ...(props.isOffice ? [{ value: 0, label: '当前草稿（未发布）' }] : []),
    ...props.publications.map((p) => ({ value: p.version, label: `第${p.version}版（${publishedDate(p.publishedAt)}发布）` })),
  ];
  const latest = props.publications[0]?.version;
  const versionValue = view.version ?? (props.isOffice ? 0 : latest);

  return (
    <Space wrap size="middle">
      <Select
        aria-label="考核年度"
        value={view.year}
        options={uniqueYears}
        style={{ width: 120 }}
        onChange={(y: number) => update({ year: y, version: undefined, period: undefined, basis: undefined })}
      />
      {props.mayProgress && (
        <Select
          aria-label="考核口径"
          value={view.period ?? ''}
          options={viewOptions}
          loading={periods.isLoading}
          style={{ width: 260 }}
          onChange={(p: string) => update({ period: p || undefined, version: undefined, basis: p ? (view.submitted ? 'submitted' : undefined) : undefined })}
        />
      )}
      {!view.period && versionOptions.length > 0 && (
        <Select
          aria-label="发布版本"
          value={versionValue}
          options={versionOptions}
          style={{ width: 240 }}
          onChange={(v: number) => update({ version: v === 0 || (!props.isOffice && v === latest) ? undefined : v })}
        />
      )}
      {view.period && (
        <Tooltip title="勾选后，已报送但尚未采纳的报告也计入进度（仍为非正式结果）">
          <Checkbox checked={view.submitted} onChange={(e) => update({ basis: e.target.checked ? 'submitted' : undefined })}>
            含已报送未采纳的报告
          </Checkbox>
        </Tooltip>
      )}
    </Space>
  );
}
