import { Breadcrumb, Button, Card, Flex, Result, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { unitHref, useViewParams, viewQuery } from '../rankings/params';
import { ViewControls } from '../rankings/ViewControls';
import { Unpublished } from '../rankings/Unpublished';
import { AdjustmentList } from './AdjustmentList';
import { CountiesTable } from './CountiesTable';
import { GroupSubtotals } from './GroupSubtotals';
import { IndicatorTable } from './IndicatorTable';
import { ReportHistory } from './ReportHistory';
import { UnitHeader } from './UnitHeader';
import type { UnitData } from './types';

/** 单位详情: one unit's score with every indicator's arithmetic, evidence, reports and (for a city) its counties. */
export default function UnitPage() {
  const { code = '' } = useParams();
  const validCode = /^\d{6}$/.test(code);
  const trpc = useTRPC();
  const me = useMe();
  const { view, update } = useViewParams();
  const role = me.user?.role;
  const mayProgress = role === 'office' || role === 'leader';
  const period = mayProgress ? view.period : undefined;
  const shown = { ...view, period };

  const q = useQuery({
    ...trpc.scores.unit.queryOptions({
      year: view.year,
      unitCode: code,
      periodCode: period,
      basis: period && view.submitted ? 'submitted' : undefined,
      version: period ? undefined : view.version,
    }),
    enabled: validCode,
  });
  const pubs = useQuery({ ...trpc.scores.publications.queryOptions({ year: view.year }), enabled: validCode });
  // The unit's name and city from the directory, so the breadcrumb and title never show a bare code.
  const named = useQuery({ ...trpc.orgUnits.get.queryOptions({ code }), enabled: validCode });
  const unitName = q.data?.unit.name ?? named.data?.unit.name;
  const parent = named.data?.parent?.level === 'city' ? named.data.parent : null;

  if (!validCode) return <Result status="404" title="单位代码无效" subTitle={`“${code}”不是 6 位行政区划代码`} extra={<Link to="/rankings">返回考核排名</Link>} />;

  const err = q.error ? errorInfo(q.error) : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center" justify="space-between" className="no-print">
        <Breadcrumb
          items={[
            { title: <Link to={`/rankings?${viewQuery(shown)}`}>考核排名</Link> },
            ...(parent ? [{ title: <Link to={unitHref(parent.code, shown)}>{parent.name}</Link> }] : []),
            { title: unitName ?? '单位详情' },
          ]}
        />
        <Space wrap>
          <ViewControls view={shown} isOffice={role === 'office'} mayProgress={mayProgress} publications={pubs.data ?? []} update={update} />
          {q.data && (
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>
          )}
        </Space>
      </Flex>
      {err?.code === 'FORBIDDEN' ? (
        <Result status="403" title="无权查看该单位" subTitle={`${err.message}。各单位只能查看本单位（设区市可查看所辖县(市、区)）的得分明细。`} extra={<Link to="/rankings">返回考核排名</Link>} />
      ) : err?.code === 'NOT_FOUND' && err.message.includes('尚未发布') ? (
        <Card>
          <Typography.Title level={1} className="page-title">
            {unitName ?? '单位详情'}
          </Typography.Title>
          <Unpublished year={view.year} mayProgress={mayProgress} isOffice={role === 'office'} />
        </Card>
      ) : err?.code === 'NOT_FOUND' ? (
        <Result status="404" title={err.message} subTitle="请检查单位代码和考核年度。" extra={<Link to="/rankings">返回考核排名</Link>} />
      ) : (
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} rows={12}>
          {q.data && <UnitDetails data={q.data} hrefOf={(c) => unitHref(c, shown)} viewerIsCounty={role === 'county'} office={role === 'office'} />}
        </QueryState>
      )}
    </Space>
  );
}

function UnitDetails({ data, hrefOf, viewerIsCounty, office }: { data: UnitData; hrefOf: (code: string) => string; viewerIsCounty: boolean; office: boolean }) {
  const trpc = useTRPC();
  const scheme = useQuery(trpc.scheme.get.queryOptions({ year: data.year }));
  const { unit, score } = data;
  const cityCode = viewerIsCounty ? undefined : unit.level === 'city' ? unit.code : (unit.parentCode ?? undefined);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <UnitHeader data={data} />
      <GroupSubtotals groups={score.groups} />
      <Card
        title="指标得分明细"
        size="small"
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            共 {score.indicators.length} 项指标，满分 {(score.maxPoints / 100).toString()} 分；汇总指标可展开查看各下级单位
          </Typography.Text>
        }
      >
        <IndicatorTable
          indicators={score.indicators}
          groups={data.groups}
          schemeIndicators={scheme.data?.scheme.indicators ?? []}
          hrefOf={hrefOf}
          manualScoring={office && data.status === 'draft' ? { year: data.year, unitCode: unit.code } : undefined}
        />
      </Card>
      <AdjustmentList score={score} />
      {unit.level === 'city' && <CountiesTable rows={data.children} weight={data.disclosureWeight} hrefOf={hrefOf} />}
      <ReportHistory year={data.year} unitCode={unit.code} cityCode={cityCode} />
    </Space>
  );
}
