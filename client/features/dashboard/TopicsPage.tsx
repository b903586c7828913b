import { Alert, Button, Card, Tabs } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/useMe';
import { FilterBar } from './FilterBar';
import { RatioTopic } from './RatioTopic';
import { FundTable } from './FundTable';
import { SectorMatrix } from './SectorMatrix';
import { dashboardInput, useDashboardParams, usePinDefaults } from './params';
import './dashboard.css';

const TABS = ['shantytown', 'rural', 'funds', 'sector'] as const;
type Tab = (typeof TABS)[number];

/**
 * 专项: shantytown renovation, rural housing (with drill-down to counties), fund performance
 * evaluations and the sector-disclosure matrix — all from one request (dashboard.topics).
 */
export default function TopicsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { filters, params, update } = useDashboardParams();
  const q = useQuery({ ...trpc.dashboard.topics.queryOptions(dashboardInput(filters)), placeholderData: keepPreviousData });
  const data = q.isError ? undefined : q.data;
  const queryClient = useQueryClient();
  usePinDefaults(filters, q.isPlaceholderData ? undefined : data, update, (pinned) => {
    if (data) queryClient.setQueryData(trpc.dashboard.topics.queryKey(dashboardInput(pinned)), data);
  });
  const role = me.user?.role;
  const canChooseCity = role === 'office' || role === 'leader';
  const tabRaw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabRaw ?? '') ? (tabRaw as Tab) : 'shantytown';
  const drill = params.get('drill') ?? undefined;
  const loading = q.isLoading;
  const error = q.isError ? q.error : null;
  const retry = () => void q.refetch();
  // Rows the tables will have, so their skeletons take the same height.
  const expectedRows = canChooseCity && !filters.city ? 11 : role === 'city' || filters.city ? 14 : 1;
  const common = { data, loading, error, onRetry: retry };
  const onDrill = (code: string | undefined) => update({ drill: code });

  return (
    <div className="dash-page" data-testid="topics-page">
      <FilterBar title="专项" filters={filters} data={data} fetching={q.isFetching && !loading} canChooseCity={canChooseCity} onChange={(p) => update({ ...p, drill: undefined })} />
      {error && (
        <Alert type="error" showIcon message="专项数据加载失败" description={errorInfo(error).message} action={<Button onClick={retry}>重试</Button>} />
      )}
      <Card size="small" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'shantytown' ? undefined : k, drill: undefined })}
          // Short labels and gutters so all four tabs fit at 360 px: antd puts an overflow button inside the tab list otherwise.
          tabBarGutter={16}
          items={[
            { key: 'shantytown', label: '棚户区改造', children: <RatioTopic topic="shantytown" {...common} drill={drill} onDrill={onDrill} /> },
            { key: 'rural', label: '农村危房改造', children: <RatioTopic topic="ruralHousing" {...common} drill={drill} onDrill={onDrill} /> },
            { key: 'funds', label: '绩效评价', children: <FundTable {...common} expectedRows={role === 'county' ? 1 : canChooseCity && !filters.city ? 11 : 1} /> },
            { key: 'sector', label: '行业公开', children: <SectorMatrix {...common} expectedRows={expectedRows} /> },
          ]}
        />
      </Card>
    </div>
  );
}
