import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { downloadTable, type TableColumn } from '../excel';
import { annualCellSpec, cellSpec, type GridPeriod, type GridRow } from './model';

/** The status grid as a workbook: one column per period, each cell in words (按时 / 逾期 N 天 / 未报 …). */
export function ExportGridButton({ title, rows, periods, annual }: { title: string; rows: GridRow[]; periods: GridPeriod[]; annual?: { year: number; due: string } }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const columns: TableColumn[] = [
        { key: 'unit', title: '单位' },
        { key: 'code', title: '代码' },
        ...periods.map((p) => ({ key: p.code, title: p.name })),
        ...(annual ? [{ key: 'annual', title: `${annual.year}年度政府信息公开工作年度报告` }] : []),
      ];
      const data = rows.map((r) => ({
        unit: r.level === 'county' ? `\u3000${r.unitName}` : r.unitName,
        code: r.unitCode,
        ...Object.fromEntries(
          r.cells.map((c) => {
            const spec = cellSpec(c, periods.find((p) => p.code === c.periodCode));
            return [c.periodCode, spec.status ? `${spec.label}（${spec.status}）` : spec.label];
          }),
        ),
        ...(annual ? { annual: ((spec) => (spec.status ? `${spec.label}（${spec.status}）` : spec.label))(annualCellSpec(r.annual, annual.due)) } : {}),
      }));
      await downloadTable(title, columns, data);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '导出失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} disabled={!rows.length} onClick={() => void run()}>
      导出 Excel
    </Button>
  );
}
