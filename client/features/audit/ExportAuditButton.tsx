import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTRPCClient } from '../../lib/trpc';
import { downloadTable } from '../excel';
import { actionName } from './actions';
import type { AuditFilters } from './useAuditParams';
import { formatDateTimeZh } from '../../../shared/dates';

const PAGE = 200;
const MAX_ROWS = 20_000;

/** Every entry matching the filters (not just the page on screen), as a workbook. */
export function ExportAuditButton({ filters, unitNames }: { filters: AuditFilters; unitNames: Map<string, string> }) {
  const client = useTRPCClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const rows: Record<string, string | number | null>[] = [];
      for (let page = 1; rows.length < MAX_ROWS; page++) {
        const res = await client.audit.list.query({ ...filters, page, pageSize: PAGE });
        for (const r of res.rows) {
          rows.push({
            at: formatDateTimeZh(r.at),
            user: r.username ?? '',
            action: actionName(r.action),
            unit: r.unitCode ? `${unitNames.get(r.unitCode) ?? ''}（${r.unitCode}）` : '',
            report: r.reportId,
            ip: r.ip ?? '',
          });
        }
        if (page * PAGE >= res.total) break;
      }
      await downloadTable(
        '审计日志',
        [
          { key: 'at', title: '时间' },
          { key: 'user', title: '账号' },
          { key: 'action', title: '操作' },
          { key: 'unit', title: '单位' },
          { key: 'report', title: '报告编号', format: 'number' },
          { key: 'ip', title: '地址' },
        ],
        rows,
      );
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
