import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Empty, Segmented, Skeleton, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { BarChartOutlined, DownloadOutlined, TableOutlined } from '@ant-design/icons';
import { errorInfo } from '../trpc';
import { exportToExcel } from './excel';
import './charts.css';
import { formatValue, type DataColumn, type DataRow } from './format';

type Mode = 'chart' | 'table';

export interface ChartCardProps {
  title: ReactNode;
  /** Excel file name without extension, in Chinese with the year. */
  fileName: string;
  /** Title and note lines of the exported sheet. */
  sheetTitle?: string;
  sheetNote?: string;
  /** The figures behind the chart: shown as the data table and exported. */
  columns: DataColumn[];
  rows: DataRow[];
  /** Height reserved for the chart, the table and the loading skeleton alike, so nothing jumps. */
  height?: number;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  emptyText?: string;
  /** Controls next to the toggle (e.g. a measure Select). */
  extra?: ReactNode;
  /** A line under the chart (basis of the figures, what was left out). */
  footnote?: ReactNode;
  /** The chart; omit for a table-only card (the export still works). */
  children?: ReactNode;
  /** Table cells can be rendered richer than their exported text. */
  renderCell?: (column: DataColumn, row: DataRow) => ReactNode;
  /** Row key in `rows` (default 'code', else the index). */
  rowKey?: string;
  testId?: string;
}

/**
 * A card with a chart, a 图表 | 数据表 toggle showing the same figures as a table (exact values,
 * screen readers) and an 导出 Excel button. Loading, error and empty states use the same height.
 */
export function ChartCard(props: ChartCardProps) {
  const hasChart = props.children !== undefined && props.children !== null;
  const [mode, setMode] = useState<Mode>(hasChart ? 'chart' : 'table');
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const height = props.height ?? 320;
  const ready = !props.loading && !props.error;
  const empty = ready && props.rows.length === 0;

  const doExport = async () => {
    setExporting(true);
    try {
      await exportToExcel({
        fileName: props.fileName,
        sheetName: props.fileName.replace(/^\d{4}年度?/, '').slice(0, 31) || '数据',
        title: props.sheetTitle ?? props.fileName,
        note: props.sheetNote,
        columns: props.columns,
        rows: props.rows,
      });
      message.success(`已导出 ${props.fileName}.xlsx`);
    } catch (e) {
      message.error(`导出失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<DataRow> = props.columns.map((c, i) => ({
    key: c.key,
    dataIndex: c.key,
    title: c.kind === 'percent' || !c.unit ? c.title : `${c.title}（${c.unit}）`,
    width: c.width,
    fixed: i === 0 ? 'left' : undefined,
    align: c.kind && c.kind !== 'text' ? 'right' : 'left',
    render: (_: unknown, r: DataRow) => (props.renderCell ? props.renderCell(c, r) : formatValue(r[c.key], c.kind)),
  }));
  const key = props.rowKey ?? 'code';

  let body: ReactNode;
  if (props.loading) {
    body = (
      <div style={{ height, overflow: 'hidden' }} aria-busy="true">
        <Skeleton active title={false} paragraph={{ rows: Math.max(3, Math.floor(height / 40)) }} />
      </div>
    );
  } else if (props.error) {
    body = (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Alert
          type="error"
          showIcon
          title="加载失败"
          description={errorInfo(props.error).message}
          action={props.onRetry && <Button onClick={props.onRetry}>重试</Button>}
        />
      </div>
    );
  } else if (empty) {
    body = (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Empty description={props.emptyText ?? '暂无数据'} />
      </div>
    );
  } else if (mode === 'chart' && hasChart) {
    body = (
      <div className="chart-card-chart" style={{ height }}>
        {props.children}
      </div>
    );
  } else {
    body = (
      <div style={{ height, overflow: 'hidden' }}>
        <Table<DataRow>
          size="small"
          rowKey={(r) => String(r[key] ?? props.rows.indexOf(r))}
          dataSource={props.rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content', y: height - 44 }}
        />
      </div>
    );
  }

  return (
    <Card
      className="chart-card"
      data-testid={props.testId}
      styles={{ body: { padding: 16 } }}
      title={
        <div className="chart-card-head">
          <span className="chart-card-title">{props.title}</span>
          <Space wrap size="small" className="chart-card-actions no-print">
            {props.extra}
            {hasChart && (
              <Segmented<Mode>
                aria-label="显示方式"
                size="small"
                value={mode}
                onChange={setMode}
                options={[
                  { value: 'chart', label: '图表', icon: <BarChartOutlined /> },
                  { value: 'table', label: '数据表', icon: <TableOutlined /> },
                ]}
              />
            )}
            <Button size="small" icon={<DownloadOutlined />} loading={exporting} disabled={!ready || empty} onClick={() => void doExport()}>
              导出 Excel
            </Button>
          </Space>
        </div>
      }
    >
      {body}
      {props.footnote && <div className="chart-card-footnote">{props.footnote}</div>}
    </Card>
  );
}
