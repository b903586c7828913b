import { useMemo, useState } from 'react';
import { Button, Card, Flex, Segmented, Select, Space, Typography } from 'antd';
import { ExportGridButton } from './ExportGridButton';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useUrlParams } from '../../lib/url-params';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { UnitCode } from '../../../shared/org';
import { PeriodCode } from '../../../shared/reports';
import { parseYear, YearSelect } from '../periods/YearSelect';
import { GridTable } from './GridTable';
import { Legend } from './Legend';
import { SummaryCards } from './SummaryCards';
import { MissingUnits, remindTargets } from './MissingUnits';
import { ExtendDueModal, type ExtendTarget } from './ExtendDueModal';
import { orderRows, type GridPeriod } from './model';
import './status-grid.css';
import { formatDateZh } from '../../../shared/dates';

/** The period whose missing units matter most today: the latest one past its due date. */
function defaultPeriod(periods: GridPeriod[], today: string): string | undefined {
  const past = periods.filter((p) => p.due < today);
  return (past[past.length - 1] ?? periods.find((p) => p.opens <= today) ?? periods[0])?.code;
}

function useGridParams() {
  const { params, set } = useUrlParams();
  const city = UnitCode.safeParse(params.get('city'));
  const period = PeriodCode.safeParse(params.get('period'));
  return {
    year: parseYear(params.get('year')),
    cityCode: city.success ? city.data : undefined,
    periodCode: period.success ? period.data : undefined,
    set,
  };
}

/** 报送进度: units × periods with timeliness, per-period summary, overdue units, reminders and extensions. */
export default function StatusGridPage() {
  const trpc = useTRPC();
  const { user } = useMe();
  const { year, cityCode, periodCode, set } = useGridParams();
  const province = user?.role === 'office' || user?.role === 'leader';
  const office = user?.role === 'office';
  const cities = useQuery({ ...trpc.orgUnits.list.queryOptions({ level: 'city' }), enabled: province });
  const city = province ? cityCode : undefined;
  const grid = useQuery(trpc.periods.statusGrid.queryOptions({ year, cityCode: city }));
  // The reminder goes to every unit in the province, so its count comes from the unfiltered grid.
  const full = useQuery({ ...trpc.periods.statusGrid.queryOptions({ year }), enabled: office && Boolean(city) });
  const [extend, setExtend] = useState<ExtendTarget | null>(null);

  const data = grid.data;
  const rows = useMemo(() => orderRows(data?.rows ?? []), [data]);
  const periods = data?.periods ?? [];
  const selected = periods.find((p) => p.code === periodCode)?.code ?? (data ? defaultPeriod(periods, data.today) : undefined);
  const selectedPeriod = periods.find((p) => p.code === selected);
  const fullRows = city ? full.data?.rows : data?.rows;
  const targets = selected && fullRows ? remindTargets(fullRows, selected) : null;
  const annual = data ? { year: data.year, due: data.annual.due } : undefined;
  const scopeName = city ? (cities.data?.find((c) => c.code === city)?.name ?? city) : province ? '全省' : (user?.unitName ?? '');

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
          报送进度
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 12 }}>
            {year} 年度 · {scopeName}
            {data ? ` · 截至 ${formatDateZh(data.today)}` : ''}
          </Typography.Text>
        </Typography.Title>
        <Space wrap className="no-print">
          <YearSelect value={year} onChange={(y) => set({ year: String(y), period: undefined })} />
          {province && (
            <Select<string>
              aria-label="设区市"
              allowClear
              placeholder="全省（全部设区市）"
              style={{ width: 200 }}
              value={city}
              loading={cities.isLoading}
              onChange={(v) => set({ city: v })}
              options={(cities.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
          )}
          <ExportGridButton title={`${year}年度报送进度（${scopeName}）`} rows={rows} periods={periods} annual={annual} />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </Space>
      </Flex>
      <QueryState loading={grid.isLoading} error={grid.error} onRetry={() => grid.refetch()} empty={data !== undefined && periods.length === 0} emptyText="该年度没有期次">
        {data && (
          <>
            <SummaryCards summary={data.summary} selected={selected} onSelect={(code) => set({ period: code })} />
            {selectedPeriod && (
              <Card
                title="逾期未报单位"
                className="no-print"
                extra={
                  <Segmented<string>
                    aria-label="选择期次"
                    value={selectedPeriod.code}
                    onChange={(v) => set({ period: v })}
                    options={periods.map((p) => ({ value: p.code, label: p.name.replace(/^\d{4}年/, '') }))}
                  />
                }
              >
                <MissingUnits
                  period={selectedPeriod}
                  rows={rows}
                  today={data.today}
                  office={office}
                  targets={office ? targets : null}
                  onExtend={(unitCode) => setExtend({ unitCode, periodCode: selectedPeriod.code })}
                />
              </Card>
            )}
            <Card
              title={`${scopeName}各单位报送情况`}
              extra={
                office && (
                  <Button className="no-print" onClick={() => setExtend({ periodCode: selected })}>
                    延期…
                  </Button>
                )
              }
            >
              <Flex vertical gap={12}>
                <Legend />
                <GridTable rows={rows} periods={periods} annual={annual} />
              </Flex>
            </Card>
            {office && (
              <ExtendDueModal open={extend !== null} target={extend ?? {}} rows={rows.filter((r) => r.cells.some((c) => c.exists))} periods={periods} onClose={() => setExtend(null)} />
            )}
          </>
        )}
      </QueryState>
    </Flex>
  );
}
