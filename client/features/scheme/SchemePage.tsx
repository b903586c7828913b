import { useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, LockOutlined, ReloadOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { validateScheme, type Indicator, type Scheme, type SchemeProblem } from '../../../shared/scheme';
import type { RouterOutputs } from '../../../server/root';
import { BasicSection } from './BasicSection';
import { GradesSection } from './GradesSection';
import { PeriodsSection } from './PeriodsSection';
import { IndicatorsSection, LevelTotals } from './IndicatorsSection';
import { IndicatorDrawer, type IndicatorEdit } from './IndicatorDrawer';
import { blankIndicator, friendlyProblems, fromServerPath, insertIndicator, problemPlace } from './model';
import { useLeaveGuard } from './useLeaveGuard';
import { formatDateTimeZh } from '../../../shared/dates';

type Loaded = RouterOutputs['scheme']['get'];
type YearRow = RouterOutputs['scheme']['years'][number];

const LEAVE_MESSAGE = '考核方案有未保存的修改，离开后将丢失。确定离开吗？';

/** The office manages each year's indicator scheme: points, rules, deadlines, grades, weight and periods. */
export default function SchemePage() {
  const trpc = useTRPC();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const years = useQuery(trpc.scheme.years.queryOptions());
  const latest = years.data?.length ? years.data[years.data.length - 1].year : null;
  const paramYear = Number(params.get('year'));
  const year = Number.isInteger(paramYear) && paramYear > 0 ? paramYear : latest;
  const known = years.data?.some((y) => y.year === year) ?? false;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} className="page-title">
        考核方案
      </Typography.Title>
      <QueryState
        loading={years.isLoading}
        error={years.error}
        onRetry={() => void years.refetch()}
        empty={!years.data?.length}
        emptyText="尚无考核方案。请先导入年度默认方案（npm run db:seed）。"
      >
        {year !== null && known ? (
          <SchemeEditor
            key={year}
            year={year}
            years={years.data ?? []}
            canEdit={me.user?.role === 'office'}
            onYear={(y) => setParams({ year: String(y) })}
          />
        ) : (
          <Card>
            <Empty description={`${year ?? ''} 年度没有考核方案`}>
              {latest !== null && <Button onClick={() => setParams({ year: String(latest) })}>查看 {latest} 年度方案</Button>}
            </Empty>
          </Card>
        )}
      </QueryState>
    </Space>
  );
}

interface Editing {
  version: number;
  original: Scheme;
  draft: Scheme;
}

function SchemeEditor(props: { year: number; years: YearRow[]; canEdit: boolean; onYear: (year: number) => void }) {
  const { year, years, canEdit } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const q = useQuery(trpc.scheme.get.queryOptions({ year }));
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Problems the server reported for the draft that was sent; they go away as soon as it is edited. */
  const [serverProblems, setServerProblems] = useState<{ draft: Scheme; list: SchemeProblem[] } | null>(null);
  const [drawer, setDrawer] = useState<IndicatorEdit | null>(null);

  const dirty = useMemo(() => (editing ? JSON.stringify(editing.draft) !== JSON.stringify(editing.original) : false), [editing]);
  const guard = useLeaveGuard(dirty, LEAVE_MESSAGE);

  // Start editing what was loaded; a newer version replaces it only while nothing is changed.
  const data = q.data;
  if (data && (!editing || (editing.version !== data.version && !dirty))) {
    setEditing({ version: data.version, original: data.scheme, draft: data.scheme });
  }
  const newerOnServer = Boolean(data && editing && data.version !== editing.version);

  const frozen = data?.frozen ?? false;
  const readOnly = frozen || !canEdit;
  const draft = editing?.draft ?? null;
  const problems = useMemo(() => {
    if (!draft) return [];
    const r = validateScheme(draft);
    return r.ok ? [] : friendlyProblems(r.problems);
  }, [draft]);
  const shown = useMemo(() => {
    const fromServer = serverProblems && serverProblems.draft === draft ? serverProblems.list : [];
    const seen = new Set(problems.map((p) => `${p.path}|${p.message}`));
    return [...problems, ...fromServer.filter((p) => !seen.has(`${p.path}|${p.message}`))];
  }, [problems, serverProblems, draft]);

  const update = (fn: (s: Scheme) => Scheme) => setEditing((cur) => (cur ? { ...cur, draft: fn(cur.draft) } : cur));

  const applyLoaded = (loaded: Loaded) => {
    queryClient.setQueryData(trpc.scheme.get.queryKey({ year }), loaded);
    setEditing({ version: loaded.version, original: loaded.scheme, draft: loaded.scheme });
  };

  const save = useMutation(
    trpc.scheme.save.mutationOptions({
      onSuccess: (saved) => {
        applyLoaded(saved);
        void queryClient.invalidateQueries({ queryKey: trpc.scheme.years.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.periods.list.queryKey() });
        message.success(`${year} 年度考核方案已保存（第 ${saved.version} 版）`);
      },
      onError: (err, sent) => {
        const info = errorInfo(err);
        if (info.code === 'CONFLICT') {
          modal.confirm({
            title: '方案已被他人修改',
            content: `${info.message}。重新加载会放弃您在本页的修改。`,
            okText: '重新加载',
            cancelText: '暂不加载',
            onOk: async () => {
              const fresh = await q.refetch();
              if (fresh.data) applyLoaded(fresh.data);
            },
          });
          return;
        }
        if (info.fieldErrors.length) {
          setServerProblems({ draft: sent.scheme, list: info.fieldErrors.map((f) => ({ path: fromServerPath(f.path), message: f.message })) });
          message.error('保存失败：方案有问题，请按提示修改');
          return;
        }
        message.error(info.message);
      },
    }),
  );

  const copy = useMutation(
    trpc.scheme.copy.mutationOptions({
      onSuccess: (created) => {
        queryClient.setQueryData(trpc.scheme.get.queryKey({ year: created.year }), created);
        void queryClient.invalidateQueries({ queryKey: trpc.scheme.years.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.periods.list.queryKey() });
        message.success(`已新建 ${created.year} 年度考核方案，请核对日期和分值`);
        guard.allow();
        props.onYear(created.year);
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );

  /** Asks before throwing away unsaved changes, then does `then`. */
  const leaving = (then: () => void) => {
    if (!dirty) return then();
    modal.confirm({
      title: '放弃未保存的修改？',
      content: LEAVE_MESSAGE,
      okText: '放弃修改',
      okButtonProps: { danger: true },
      cancelText: '继续编辑',
      onOk: () => {
        guard.allow();
        then();
      },
    });
  };

  const lastYear = years[years.length - 1]?.year ?? year;
  const nextYear = lastYear + 1;

  const header = (
    <Card size="small">
      <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap size="middle">
          <Select<number>
            value={year}
            style={{ width: 200 }}
            aria-label="考核年度"
            onChange={(y) => leaving(() => props.onYear(y))}
            options={years.map((y) => ({ value: y.year, label: `${y.year} 年度${y.frozen ? '（已冻结）' : ''}` }))}
          />
          {data &&
            (frozen ? (
              <Tag color="default" icon={<LockOutlined />}>
                已冻结
              </Tag>
            ) : (
              <Tag color="green">可编辑</Tag>
            ))}
          {data && (
            <Typography.Text type="secondary">
              第 {data.version} 版 · {formatDateTimeZh(data.updatedAt)} 保存
            </Typography.Text>
          )}
          {dirty && <Badge status="warning" text="有未保存的修改" />}
        </Space>
        {canEdit && (
          <Space wrap>
            <Popconfirm
              title={`新建 ${nextYear} 年度方案`}
              description={
                <div style={{ maxWidth: 360 }}>
                  以 {lastYear} 年度方案为基础：指标、分值、等级和权重照搬，所有日期顺延 {nextYear - lastYear} 年，期次改为 {nextYear}Q1–{nextYear}Q4。
                  新方案为第 1 版，可继续修改。
                </div>
              }
              okText="新建"
              cancelText="取消"
              onConfirm={() => leaving(() => copy.mutate({ fromYear: lastYear, toYear: nextYear }))}
            >
              <Button icon={<CopyOutlined />} loading={copy.isPending}>
                以上一年度为基础新建 {nextYear} 年度方案
              </Button>
            </Popconfirm>
            {!readOnly && (
              <>
                <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => editing && setEditing({ ...editing, draft: editing.original })}>
                  撤销修改
                </Button>
                <Popconfirm
                  title={`保存 ${year} 年度考核方案？`}
                  description={
                    <div style={{ maxWidth: 320 }}>
                      保存后为第 {(editing?.version ?? 0) + 1} 版，{year} 年度的填报、评分和排名立即按新方案执行。
                    </div>
                  }
                  okText="保存"
                  cancelText="取消"
                  disabled={!dirty || problems.length > 0}
                  onConfirm={() => editing && save.mutate({ year, version: editing.version, scheme: editing.draft })}
                >
                  <Tooltip title={problems.length ? '请先修正下方列出的问题' : !dirty ? '没有修改' : undefined}>
                    <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} disabled={!dirty || problems.length > 0}>
                      保存
                    </Button>
                  </Tooltip>
                </Popconfirm>
              </>
            )}
          </Space>
        )}
      </Space>
    </Card>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()} rows={12}>
        {data && draft && editing && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {frozen && (
              <Alert
                type="info"
                showIcon
                icon={<LockOutlined />}
                title={`${year} 年度考核结果已发布，方案已冻结，只能查看`}
                description={canEdit ? `如需调整，可以以它为基础新建 ${nextYear} 年度方案。` : undefined}
              />
            )}
            {!frozen && !canEdit && <Alert type="info" showIcon title="仅厅办公室可以修改考核方案，您只能查看" />}
            {newerOnServer && (
              <Alert
                type="warning"
                showIcon
                title={`有人已保存了第 ${data.version} 版，您正在修改第 ${editing.version} 版`}
                description="现在保存会被拒绝。可以放弃您的修改并加载最新版本。"
                action={
                  <Button size="small" icon={<ReloadOutlined />} onClick={() => applyLoaded(data)}>
                    加载最新版本
                  </Button>
                }
              />
            )}
            {shown.length > 0 && !readOnly && (
              <Alert
                type="error"
                showIcon
                title={`方案有 ${shown.length} 处问题，修正后才能保存`}
                description={
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {shown.map((p) => (
                      <li key={`${p.path}|${p.message}`}>
                        <Typography.Text type="secondary">{problemPlace(draft, p.path)}：</Typography.Text>
                        {p.message}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            <BasicSection scheme={draft} problems={shown} readOnly={readOnly} onChange={(patch) => update((s) => ({ ...s, ...patch }))} />
            <IndicatorsSection
              scheme={draft}
              problems={shown}
              readOnly={readOnly}
              reportsByIndicator={data.reportsByIndicator}
              onChange={(indicators) => update((s) => ({ ...s, indicators }))}
              onEdit={(idx) => setDrawer({ idx, indicator: draft.indicators[idx] })}
              onAdd={(group) => setDrawer({ idx: null, indicator: blankIndicator(draft, group) })}
            />
            <PeriodsSection
              scheme={draft}
              problems={shown}
              readOnly={readOnly}
              reportsByPeriod={data.reportsByPeriod}
              onChange={(periods) => update((s) => ({ ...s, periods }))}
            />
            <GradesSection grades={draft.grades} problems={shown} readOnly={readOnly} onChange={(grades) => update((s) => ({ ...s, grades }))} />
            {!readOnly && (
              <Card size="small">
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                  <LevelTotals scheme={draft} />
                  <Typography.Text type="secondary">
                    {dirty ? (problems.length ? `有 ${problems.length} 处问题，修正后才能保存` : '修改尚未保存，请点击页面上方的“保存”') : '没有未保存的修改'}
                  </Typography.Text>
                </Space>
              </Card>
            )}
          </Space>
        )}
      </QueryState>
      {drawer && draft && data && (
        <IndicatorDrawer
          edit={drawer}
          scheme={draft}
          readOnly={readOnly}
          reportsByIndicator={data.reportsByIndicator}
          onClose={() => setDrawer(null)}
          onApply={(ind: Indicator) => {
            const at = drawer.idx;
            update((s) => ({
              ...s,
              indicators:
                at === null
                  ? insertIndicator(s.indicators, ind, s.groups.map((g) => g.code))
                  : s.indicators[at].group === ind.group
                    ? s.indicators.map((x, i) => (i === at ? ind : x))
                    : insertIndicator(
                        s.indicators.filter((_x, i) => i !== at),
                        ind,
                        s.groups.map((g) => g.code),
                      ),
            }));
            setDrawer(null);
          }}
        />
      )}
    </Space>
  );
}
