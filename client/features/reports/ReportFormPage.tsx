import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Select, Typography } from 'antd';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { PeriodCode } from '../../../shared/reports';
import { UnitCode } from '../../../shared/org';
import { useMe } from '../auth/useMe';
import { PERIOD_STATUS_NAMES } from './model';
import { ReportBody } from './ReportView';
import { ExcelPanel } from '../excel';
import { formatDateZh } from '../../../shared/dates';

/** The unit's own extension of the shown period, so its label does not say “late” when it is not. */
interface ShownExtension {
  periodCode: string;
  due: string;
  today: string;
}

function periodLabel(p: { code: string; name: string; status: keyof typeof PERIOD_STATUS_NAMES }, ext?: ShownExtension): string {
  if (ext && p.code === ext.periodCode && p.status === 'overdue' && ext.today <= ext.due) return `${p.name}（已延期至${formatDateZh(ext.due)}）`;
  return `${p.name}（${PERIOD_STATUS_NAMES[p.status]}）`;
}

function PeriodSelect({ year, value, onChange, extension }: { year: number; value: string; onChange: (code: string) => void; extension?: ShownExtension }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.periods.list.queryOptions({ year }));
  return (
    <Select
      size="small"
      value={value}
      onChange={onChange}
      loading={q.isLoading}
      style={{ minWidth: 220 }}
      aria-label="选择期次"
      options={(q.data ?? []).map((p) => ({ value: p.code, label: periodLabel(p, extension) }))}
      popupMatchSelectWidth={false}
    />
  );
}

/** 填报: `/report?unit=<code>&period=<code>`, defaulting to the account's unit and the current period. */
export default function ReportFormPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const current = useQuery(trpc.periods.current.queryOptions());
  const unitParam = params.get('unit');
  const periodParam = params.get('period');
  const unitCode = unitParam ?? me.user?.unitCode ?? null;
  const periodCode = periodParam ?? current.data?.code ?? null;
  const badUnit = unitCode !== null && !UnitCode.safeParse(unitCode).success;
  const badPeriod = periodCode !== null && !PeriodCode.safeParse(periodCode).success;

  // Keep both in the URL so the page can be bookmarked and shared.
  useEffect(() => {
    if ((!unitParam || !periodParam) && unitCode && periodCode) {
      setParams({ unit: unitCode, period: periodCode }, { replace: true });
    }
  }, [unitParam, periodParam, unitCode, periodCode, setParams]);

  const ready = unitCode !== null && periodCode !== null && !badUnit && !badPeriod;
  // staleTime 0: the editor starts from what the server has now, never from an older cached copy.
  const q = useQuery({ ...trpc.reports.get.queryOptions(ready ? { unitCode, periodCode } : skipToken), staleTime: 0 });
  const [nonce, setNonce] = useState(0);
  const dirty = useRef(false);
  const onDirtyChange = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);

  const reload = () => {
    void q.refetch().then(() => setNonce((n) => n + 1));
  };

  const switchPeriod = (code: string) => {
    const go = () => setParams({ unit: unitCode ?? '', period: code });
    if (!dirty.current) return go();
    modal.confirm({
      title: '有未保存的修改',
      content: '切换期次将丢失本页未保存的修改。确定切换吗？（可先按 Ctrl+S 保存草稿）',
      okText: '放弃修改并切换',
      cancelText: '留在本页',
      onOk: go,
    });
  };

  if (badUnit || badPeriod) {
    return (
      <Alert
        type="warning"
        showIcon
        title={badPeriod ? `链接中的期次“${periodCode}”无效` : `链接中的单位代码“${unitCode}”无效`}
        action={<Button onClick={() => setParams({})}>打开本单位当期报告</Button>}
      />
    );
  }

  return (
    <div>
      <Typography.Title level={3} className="page-title">
        进度填报
      </Typography.Title>
      <QueryState
        loading={me.loading || current.isLoading || (ready && (q.isLoading || (q.isFetching && !q.isFetchedAfterMount)))}
        error={current.error ?? q.error}
        onRetry={() => void (current.error ? current.refetch() : q.refetch())}
        empty={!current.isLoading && periodCode === null}
        emptyText="尚未设置填报期次，请联系厅办公室"
        rows={12}
      >
        {q.data && periodCode && q.data.level && (
          <ExcelPanel
            unitCode={q.data.unit.code}
            periodCode={q.data.period.code}
            unitName={q.data.unit.name}
            periodName={q.data.period.name}
            editBlock={q.data.editBlock}
            showCountyTemplates={me.user?.role === 'city' && me.user.unitCode === q.data.unit.code}
            onUploaded={reload}
          />
        )}
        {q.data && periodCode && (
          <ReportBody
            key={`${q.data.unit.code}|${q.data.period.code}|${nonce}`}
            data={q.data}
            layout="page"
            periodSelector={
              <PeriodSelect
                year={Number(periodCode.slice(0, 4))}
                value={periodCode}
                onChange={switchPeriod}
                extension={q.data.period.extension ? { periodCode: q.data.period.code, due: q.data.period.extension.due, today: q.data.today } : undefined}
              />
            }
            onReload={reload}
            onDirtyChange={onDirtyChange}
          />
        )}
      </QueryState>
    </div>
  );
}
