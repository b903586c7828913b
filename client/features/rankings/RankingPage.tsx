import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { AdjustmentsPanel } from './AdjustmentsPanel';
import { CityTable } from './CityTable';
import { CountyTable } from './CountyTable';
import { PublishButton } from './PublishButton';
import { AssessmentExportButton } from '../excel';
import { StatusBadge } from './StatusBadge';
import { ViewControls } from './ViewControls';
import { publishedDate, weightPercent } from './format';
import { useViewParams } from './params';
import { exportRanking } from './rankingExport';
import type { CityRow, CountyRow, RankingData, ScoreRun } from './types';
import './rankings.css';
import { formatDateZh } from '../../../shared/dates';

type TabKey = 'cities' | 'counties' | 'adjustments';

/** recharts is loaded after the table, so the ranking itself shows at once. */
const GroupScoreChart = lazy(() => import('./GroupScoreChart').then((m) => ({ default: m.GroupScoreChart })));

export function rankingTitle(year: number) {
  return `${year}年度全省住房城乡建设系统政务公开工作考核结果`;
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

  const q = useQuery(
    trpc.scores.ranking.queryOptions({
      year: view.year,
      periodCode: period,
      basis: period && view.submitted ? 'submitted' : undefined,
      version: period ? undefined : view.version,
    }),
  );
  const data = q.data;
  const title = rankingTitle(view.year);
  const forbidden = errorInfo(q.error).code === 'FORBIDDEN';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} className="page-title" style={{ marginBottom: 0 }}>
          {title}
        </Typography.Title>
        {data && <StatusBadge status={data.status} publication={data.publication} periodName={data.run?.period.name} />}
      </Space>
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <ViewControls view={{ ...view, period }} isOffice={isOffice} mayProgress={mayProgress} publications={data?.publications ?? []} update={update} />
          <Space wrap>
            {!period && data?.run && <AssessmentExportButton year={view.year} version={view.version ?? undefined} />}
            {isOffice && !period && <PublishButton year={view.year} publications={data?.publications ?? []} />}
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
              <Empty description={`${view.year} 年度考核结果尚未发布`}>
                <Typography.Text type="secondary">厅办公室发布后即可在此查看全省排名和本单位得分。</Typography.Text>
              </Empty>
            </Card>
          ) : data?.run ? (
            <RankingTabs
              run={data.run}
              data={data}
              isOffice={isOffice}
              viewer={{ role, unitCode: me.user?.unitCode }}
              view={{ ...view, period }}
              tab={(params.get('tab') as TabKey | null) ?? 'cities'}
              city={params.get('city') ?? undefined}
              update={update}
              title={title}
            />
          ) : null}
        </QueryState>
      )}
    </Space>
  );
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
          {' · '}政务公开权重 {weightPercent(run.disclosureWeight)}
          {' · '}等级：{[...run.grades].sort((a, b) => b.min - a.min).map((g) => (g.min > 0 ? `≥${g.min} ${g.name}` : g.name)).join('，')}
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
  city: string | undefined;
  update: ReturnType<typeof useViewParams>['update'];
  title: string;
}) {
  const { run, view } = props;
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const progress = run.kind === 'progress';
  const showAdjust = props.isOffice && !progress;
  const tab: TabKey = props.tab === 'adjustments' && !showAdjust ? 'cities' : props.tab;
  const subtitle = statusLine(props.data);
  const fileName = `${props.title}${progress ? `（${run.period.name}进度）` : ''}`;

  const units = useMemo(
    () => [
      ...run.cities.map((c) => ({ code: c.code, name: c.name, group: '设区市' })),
      ...run.counties.map((c) => ({ code: c.code, name: c.name, group: c.cityName })),
    ],
    [run],
  );

  const doExport = async () => {
    setExporting(true);
    try {
      const counties = tab === 'counties' ? run.counties.filter((c) => !props.city || c.cityCode === props.city) : undefined;
      await exportRanking({ title: props.title, subtitle, fileName: counties ? `${fileName}-县(市、区)` : fileName, groups: run.groups, cities: run.cities, counties });
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
    <Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => props.update({ tab: k === 'cities' ? undefined : k })}
        tabBarExtraContent={
          tab !== 'adjustments' && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()}>
              导出排名表
            </Button>
          )
        }
        items={[
          {
            key: 'cities',
            label: `设区市排名（${run.cities.length}）`,
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
            label: `县(市、区)排名（${run.counties.length}）`,
            children: <CountyTable rows={run.counties} {...common} mayOpen={mayOpenCounty} ownCode={own.unitCode} city={props.city} onCity={(c) => props.update({ city: c })} />,
          },
          ...(showAdjust
            ? [
                {
                  key: 'adjustments',
                  label: '分数调整',
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
