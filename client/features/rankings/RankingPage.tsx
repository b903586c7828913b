import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Grid, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { periodLabel } from '../../../shared/periods';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { AdjustmentsPanel } from './AdjustmentsPanel';
import { CityTable } from './CityTable';
import { DivisionsPublicSwitch } from './DivisionsPublicSwitch';
import { CountyTable } from './CountyTable';
import { PublishButton } from './PublishButton';
import { AssessmentExportButton } from '../excel';
import { StatusBadge } from './StatusBadge';
import { Unpublished } from './Unpublished';
import { ViewControls } from './ViewControls';
import { publishedDate, weightPercent } from './format';
import { useViewParams } from './params';
import { exportRanking } from './rankingExport';
import type { CityRow, CountyRow, RankingData, ScoreRun } from './types';
import './rankings.css';
import { formatDateZh } from '../../../shared/dates';
import { MAX_COUNTY_PAGE } from '../../../shared/reports';

type TabKey = 'cities' | 'counties' | 'divisions' | 'adjustments';

/** recharts is loaded after the table, so the ranking itself shows at once. */
const GroupScoreChart = lazy(() => import('./GroupScoreChart').then((m) => ({ default: m.GroupScoreChart })));

export function rankingTitle(year: number) {
  return `${year}年度全省住房城乡建设系统政务公开工作考核结果`;
}

/** A quarter's progress view is not the assessment, and its title says so. */
export function progressTitle(periodName: string) {
  return `${periodName}全省住房城乡建设系统政务公开工作进度排名`;
}

/** 考核排名: the year's ranking of cities (and counties for information), drafts, versions and office tools. */
export default function RankingPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { view, params, update } = useViewParams();
  const role = me.user?.role;
  const isOffice = role === 'office';
  const mayProgress = role === 'office' || role === 'leader';
  const period = mayProgress ? view.period : undefined;

  // Counties come page by page (a national list is 2,800 rows): the page and city filter of the county tab are in the URL.
  const countyPage = countyPageOf(params);
  const input = {
    year: view.year,
    periodCode: period,
    basis: period && view.submitted ? ('submitted' as const) : undefined,
    version: period ? undefined : view.version,
  };
  const q = useQuery({
    ...trpc.scores.ranking.queryOptions({ ...input, counties: { cityCode: countyPage.city, offset: (countyPage.page - 1) * countyPage.size, limit: countyPage.size } }),
    placeholderData: keepPreviousData,
  });
  const data = q.data;
  const title = period ? progressTitle(data?.run?.period.name ?? periodLabel(period)) : rankingTitle(view.year);
  const forbidden = errorInfo(q.error).code === 'FORBIDDEN';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
          {title}
        </Typography.Title>
        {data && <StatusBadge status={data.status} publication={data.publication} periodName={data.run?.period.name} />}
      </Space>
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <ViewControls view={{ ...view, period }} isOffice={isOffice} mayProgress={mayProgress} publications={data?.publications ?? []} update={update} />
          <Space wrap>
            {!period && data?.run && <AssessmentExportButton year={view.year} version={view.version ?? undefined} />}
            {isOffice && !period && (
              // After publishing, the page shows the version just published: badge, version select and export agree.
              <PublishButton year={view.year} publications={data?.publications ?? []} onPublished={(v) => update({ version: v })} />
            )}
          </Space>
        </Space>
        {data && <ViewNote data={data} />}
      </Card>
      {forbidden ? (
        <Result status="403" title="无权查看" subTitle={errorInfo(q.error).message} />
      ) : (
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} rows={10}>
          {data && !data.run ? (
            <Card>
              <Unpublished year={view.year} mayProgress={mayProgress} isOffice={isOffice} />
            </Card>
          ) : data?.run ? (
            <RankingTabs
              run={data.run}
              data={data}
              isOffice={isOffice}
              viewer={{ role, unitCode: me.user?.unitCode }}
              view={{ ...view, period }}
              tab={(params.get('tab') as TabKey | null) ?? 'cities'}
              countyPage={countyPage}
              input={input}
              update={update}
              title={title}
            />
          ) : null}
        </QueryState>
      )}
    </Space>
  );
}

const COUNTY_PAGE_SIZES = [30, 50, 100];

/** The county tab's page, page size and city filter, from the URL (`cpage`, `csize`, `city`). */
function countyPageOf(params: URLSearchParams) {
  const page = Number(params.get('cpage'));
  const size = Number(params.get('csize'));
  const city = params.get('city');
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: COUNTY_PAGE_SIZES.includes(size) ? size : COUNTY_PAGE_SIZES[0],
    city: city && /^\d{6}$/.test(city) ? city : undefined,
  };
}

/** One line on what is shown: as of when, the weight, the grade bands; and the latest publication. */
function ViewNote({ data }: { data: RankingData }) {
  const run = data.run;
  const latest = data.publications[0];
  return (
    <div style={{ marginTop: 12 }}>
      {run && (
        <Typography.Text type="secondary">
          {run.kind === 'progress'
            ? `按截至 ${formatDateZh(run.asOf)} 各单位最新${run.basis === 'submitted' ? '已报送' : '已采纳'}的报告计算`
            : `按各单位已采纳的年度报告计算，计分截至 ${formatDateZh(run.asOf)}`}
          {' · '}政务公开权重 {weightPercent(run.disclosureWeight)}（计入年度考核 = 得分 S × 权重）
          {run.kind === 'progress'
            ? ' · 季度进度不评等级，等级按年度考核结果评定'
            : ` · 等级：${[...run.grades].sort((a, b) => b.min - a.min).map((g) => (g.min > 0 ? `≥${g.min} ${g.name}` : g.name)).join('，')}`}
        </Typography.Text>
      )}
      {data.status === 'draft' && latest && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          已发布至第 {latest.version} 版（{publishedDate(latest.publishedAt)}）；此处显示实时草稿，发布的结果不随之改变。
        </Typography.Paragraph>
      )}
      {data.status === 'progress' && (
        <Alert style={{ marginTop: 8 }} type="info" showIcon title="季度进度排名仅供掌握工作进度，不是正式考核结果，不对外发布。" />
      )}
    </div>
  );
}

function RankingTabs(props: {
  run: ScoreRun;
  data: RankingData;
  isOffice: boolean;
  viewer: { role: string | undefined; unitCode: string | null | undefined };
  view: ReturnType<typeof useViewParams>['view'];
  tab: TabKey;
  countyPage: ReturnType<typeof countyPageOf>;
  /** The view's query input, to ask for every county of the filter when exporting. */
  input: { year: number; periodCode?: string; basis?: 'submitted'; version?: number };
  update: ReturnType<typeof useViewParams>['update'];
  title: string;
}) {
  const { run, view, countyPage } = props;
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // On a phone four tabs with counts overflow, and antd then puts a "more" button inside the tab list
  // (an ARIA tablist may hold only tabs): short labels keep every tab visible.
  const compact = !Grid.useBreakpoint().md;
  const [exporting, setExporting] = useState(false);
  const progress = run.kind === 'progress';
  const showAdjust = props.isOffice && !progress;
  const tab: TabKey = props.tab === 'adjustments' && !showAdjust ? 'cities' : props.tab;
  const subtitle = statusLine(props.data);
  const fileName = `${props.title}${progress ? `（${run.period.name}进度）` : ''}`;

  // The adjustment form lists every unit; the answer carries one page of counties, so they come from the org units.
  const countyUnits = useQuery({ ...trpc.orgUnits.list.queryOptions({ level: 'county' }), enabled: showAdjust });
  const units = useMemo(() => {
    const cityName = new Map(run.cities.map((c) => [c.code, c.name]));
    return [
      ...run.cities.map((c) => ({ code: c.code, name: c.name, group: '设区市' })),
      ...(countyUnits.data ?? []).filter((c) => c.parentCode && cityName.has(c.parentCode)).map((c) => ({ code: c.code, name: c.name, group: cityName.get(c.parentCode!)! })),
      ...run.divisions.map((c) => ({ code: c.code, name: c.name, group: '厅机关处室' })),
    ];
  }, [run, countyUnits.data]);

  const doExport = async () => {
    setExporting(true);
    try {
      // Every county of the filter, not just the page on screen.
      const counties =
        tab === 'counties'
          ? (await queryClient.fetchQuery(trpc.scores.ranking.queryOptions({ ...props.input, counties: { cityCode: countyPage.city, offset: 0, limit: MAX_COUNTY_PAGE } }))).run?.counties
          : undefined;
      const divisions = tab === 'divisions' ? run.divisions : undefined;
      const suffix = counties ? '-县(市、区)' : divisions ? '-厅机关处室' : '';
      await exportRanking({ title: props.title, subtitle, fileName: `${fileName}${suffix}`, groups: run.groups, cities: run.cities, counties, divisions });
    } catch (e) {
      message.error(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const common = { groups: run.groups, weight: run.disclosureWeight, view, progress };
  const own = props.viewer;
  const wide = own.role === 'office' || own.role === 'leader';
  const mayOpenCity = (r: CityRow) => wide || r.code === own.unitCode;
  const mayOpenCounty = (r: CountyRow) => wide || r.code === own.unitCode || (own.role === 'city' && r.cityCode === own.unitCode);
  return (
    <Card
      // The export button sits in the card's header, not inside the tab list (a tablist may hold only tabs).
      extra={
        tab !== 'adjustments' && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()}>
            导出排名表
          </Button>
        )
      }
      title={progress ? `${run.period.name}进度排名` : '排名'}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => props.update({ tab: k === 'cities' ? undefined : k })}
        tabBarGutter={compact ? 16 : 20}
        items={[
          {
            key: 'cities',
            label: compact ? '设区市' : `设区市（${run.cities.length}）`,
            children: (
              <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                <CityTable rows={run.cities} {...common} mayOpen={mayOpenCity} ownCode={own.unitCode} />
                <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                  <GroupScoreChart rows={run.cities} groups={run.groups} title={props.title} subtitle={subtitle} fileName={`${fileName}-分项得分`} />
                </Suspense>
              </Space>
            ),
          },
          {
            key: 'counties',
            label: compact || countyPage.city ? '县(市、区)' : `县(市、区)（${run.countyPage.total}）`,
            children: (
              <CountyTable
                rows={run.counties}
                total={run.countyPage.total}
                cities={run.cities.map((c) => ({ value: c.code, label: c.name }))}
                page={countyPage.page}
                pageSize={countyPage.size}
                pageSizes={COUNTY_PAGE_SIZES}
                onPage={(page, size) => props.update({ cpage: page > 1 ? page : undefined, csize: size !== COUNTY_PAGE_SIZES[0] ? size : undefined })}
                {...common}
                mayOpen={mayOpenCounty}
                ownCode={own.unitCode}
                city={countyPage.city}
                onCity={(c) => props.update({ city: c, cpage: undefined })}
              />
            ),
          },
          ...(run.divisions.length
            ? [
                {
                  key: 'divisions',
                  label: compact ? '处室' : `厅机关处室排名（${run.divisions.length}）`,
                  children: (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {props.isOffice && !progress && <DivisionsPublicSwitch year={view.year} published={props.data.publications.length > 0} />}
                      <CityTable rows={run.divisions} {...common} mayOpen={mayOpenCity} ownCode={own.unitCode} />
                    </Space>
                  ),
                },
              ]
            : []),
          ...(showAdjust
            ? [
                {
                  key: 'adjustments',
                  label: compact ? '调整' : '分数调整',
                  children: <AdjustmentsPanel year={view.year} units={units} published={props.data.publications.length > 0} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function statusLine(data: RankingData): string {
  if (data.status === 'draft') return '草稿（未发布）';
  if (data.status === 'progress') return `${data.run?.period.name ?? ''}进度（非正式）`;
  if (data.publication) return `已发布 第${data.publication.version}版（${publishedDate(data.publication.publishedAt)}）`;
  return '';
}
