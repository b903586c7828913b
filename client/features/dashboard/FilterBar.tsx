import { Button, Card, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined, PrinterOutlined } from '@ant-design/icons';
import { periodLabel } from '../../../shared/periods';
import type { DashboardFilters } from './params';
import { formatDateZh } from '../../../shared/dates';

export interface FilterSource {
  year: number;
  years: number[];
  period: { code: string; name: string };
  periods: { code: string; name: string; opened: boolean }[];
  cityOptions: { code: string; name: string }[];
  scopeLabel: string;
  basisLabel: string;
  today: string;
}

/**
 * Year, period and city filters (kept in the URL by the page), the scope and basis of the figures,
 * and a print button. Until the first answer arrives the controls keep their size and show the URL's values.
 */
export function FilterBar(props: {
  title: string;
  filters: DashboardFilters;
  data: FilterSource | undefined;
  fetching: boolean;
  canChooseCity: boolean;
  onChange: (patch: Record<string, string | number | undefined>) => void;
}) {
  const { data, filters } = props;
  const year = filters.year ?? data?.year;
  const years = data?.years ?? (year ? [year] : []);
  const period = filters.period ?? data?.period.code;
  const periods = data?.periods ?? (period ? [{ code: period, name: periodLabel(period), opened: true }] : []);
  return (
    <Card size="small" className="dash-filters">
      <div className="dash-filters-row">
        <Typography.Title level={3} className="page-title dash-title">
          {props.title}
          <span className="dash-scope">{data ? `· ${data.scopeLabel}` : ''}</span>
        </Typography.Title>
        <Space wrap size="small" className="dash-controls">
          <Select<number>
            aria-label="考核年度"
            style={{ width: 112 }}
            value={year}
            placeholder="年度"
            loading={!data}
            options={years.map((y) => ({ value: y, label: `${y} 年度` }))}
            onChange={(y) => props.onChange({ year: y, period: undefined })}
            className="no-print"
          />
          <Select<string>
            aria-label="期次"
            style={{ width: 188 }}
            value={period}
            placeholder="期次"
            loading={!data}
            options={periods.map((p) => ({ value: p.code, label: p.opened ? p.name : `${p.name}（未开始）` }))}
            onChange={(p) => props.onChange({ period: p })}
            className="no-print"
          />
          {props.canChooseCity && (
            <Select<string>
              aria-label="设区市"
              style={{ width: 136 }}
              value={filters.city ?? ''}
              options={[{ value: '', label: '全省' }, ...(data?.cityOptions ?? []).map((c) => ({ value: c.code, label: c.name }))]}
              onChange={(c) => props.onChange({ city: c || undefined })}
              className="no-print"
            />
          )}
          <Tooltip title="按各单位截至所选期次最近一次已报送（含待审核、已审核、已采纳）的报告统计，未经厅办公室最终审核，仅反映工作进度">
            <Tag color="gold" icon={<InfoCircleOutlined />} style={{ marginInlineEnd: 0 }}>
              {data?.basisLabel ?? '进度数据（含未审核）'}
            </Tag>
          </Tooltip>
          <Spin size="small" spinning={props.fetching} className="no-print" aria-label="正在更新" />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print">
            打印
          </Button>
        </Space>
      </div>
      <Typography.Text type="secondary" className="dash-print-caption">
        {data ? `${data.period.name} · ${data.basisLabel} · 统计日期 ${formatDateZh(data.today)}` : '\u00a0'}
      </Typography.Text>
    </Card>
  );
}
