import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { downloadFile } from '../excel';
import type { AuditFilters } from './useAuditParams';

/** Every entry matching the filters (not just the page on screen) as a workbook built by the server, details in Chinese. */
export function ExportAuditButton({ filters }: { filters: AuditFilters }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const qs = new URLSearchParams();
      for (const k of ['from', 'to', 'username', 'unitCode', 'category'] as const) {
        const v = filters[k];
        if (v) qs.set(k, v);
      }
      const name = await downloadFile(`/api/audit/export?${qs.toString()}`, undefined, '审计日志.xlsx');
      message.success(`已导出 ${name}`);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '导出失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void run()}>
      导出 Excel
    </Button>
  );
}
