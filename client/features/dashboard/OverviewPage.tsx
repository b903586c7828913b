import { Alert, Button, Col, Row } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, errorInfo } from '../../lib/trpc';
import { useMe } from '../auth/useMe';
import { FilterBar } from './FilterBar';
import { KpiCards } from './KpiCards';
import { ProgressChart } from './ProgressChart';
import { ComparisonChart } from './ComparisonChart';
import { TileGrid } from './TileGrid';
import { DepartmentCard } from './DepartmentCard';
import { ReportTodoCard } from './ReportTodoCard';
import { dashboardInput, useDashboardParams, usePinDefaults } from './params';
import './dashboard.css';

const CHART_HEIGHT = 300;

/**
 * 全省总览: one request (dashboard.overview) feeds every card. Office and leaders see the province
 * (or a chosen city); a city bureau its city and counties; a county bureau itself.
 */
export default function OverviewPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { filters, params, update } = useDashboardParams();
  const q = useQuery({ ...trpc.dashboard.overview.queryOptions(dashboardInput(filters)), placeholderData: keepPreviousData });
  const data = q.isError ? undefined : q.data;
  const queryClient = useQueryClient();
  usePinDefaults(filters, q.isPlaceholderData ? undefined : data, update, (pinned) => {
    if (data) queryClient.setQueryData(trpc.dashboard.overview.queryKey(dashboardInput(pinned)), data);
  });
  const canChooseCity = me.user?.role === 'office' || me.user?.role === 'leader';
  const loading = q.isLoading;
  const error = q.isError ? q.error : null;
  const retry = () => void q.refetch();
  const county = data?.scope.level === 'county';
  const measureKey = params.get('tile') ?? 'S';
  const common = { data, loading, error, onRetry: retry, height: CHART_HEIGHT };

  return (
    <div className="dash-page" data-testid="overview-page">
      <FilterBar title={canChooseCity && !filters.city ? '全省总览' : '总览'} filters={filters} data={data} fetching={q.isFetching && !loading} canChooseCity={canChooseCity} onChange={(p) => update(p)} />
      {(me.user?.role === 'county' || me.user?.role === 'city') && <ReportTodoCard unitCode={me.user.unitCode} level={me.user.role} />}
      {error ? (
        <Alert
          type="error"
          showIcon
          message="总览数据加载失败"
          description={errorInfo(error).message}
          action={<Button onClick={retry}>重试</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <KpiCards data={data} loading={loading} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={county ? 24 : 14}>
          <ProgressChart {...common} />
        </Col>
        {!county && (
          <Col xs={24} xl={10}>
            <TileGrid {...common} measureKey={measureKey} onMeasure={(k) => update({ tile: k === 'S' ? undefined : k }, true)} />
          </Col>
        )}
        {!county && (
          <Col span={24} className="print-break-before">
            <ComparisonChart {...common} />
          </Col>
        )}
        {canChooseCity && !filters.city && data && (
          <Col span={24} className="print-break-before">
            <DepartmentCard year={data.year} />
          </Col>
        )}
      </Row>
    </div>
  );
}
