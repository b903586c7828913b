import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTRPCClient } from '../../lib/trpc';
import { formatDateTimeZh } from '../../../shared/format';
import { AUDIT_CATEGORIES, auditDetailLine, type AuditCategory } from '../../../shared/audit';
import { downloadTable } from '../excel';
import type { AuditFilters } from './useAuditParams';

const PAGE = 200;
const MAX_ROWS = 20_000;

/** Every entry matching the filters (not just the page on screen), as a workbook, details in Chinese. */
export function ExportAuditButton({ filters }: { filters: AuditFilters }) {
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
            id: r.id,
            at: formatDateTimeZh(r.at),
            user: r.username ?? '',
            category: r.category ? AUDIT_CATEGORIES[r.category as AuditCategory] : '',
            action: r.actionName,
            unit: r.unitCode ? `${r.unitName ?? ''}（${r.unitCode}）` : '',
            report: r.reportId,
            details: r.details.map(auditDetailLine).join('\n'),
            ip: r.ip ?? '',
            hash: r.hash ?? '',
          });
        }
        if (page * PAGE >= res.total) break;
      }
      await downloadTable(
        '审计日志',
        [
          { key: 'id', title: '记录编号', format: 'number' },
          { key: 'at', title: '时间' },
          { key: 'user', title: '操作账号' },
          { key: 'category', title: '操作类别' },
          { key: 'action', title: '操作' },
          { key: 'unit', title: '单位' },
          { key: 'report', title: '报告编号', format: 'number' },
          { key: 'details', title: '详情（字段：修改前 → 修改后）' },
          { key: 'ip', title: '来源地址' },
          { key: 'hash', title: '本行哈希（SHA-256）' },
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
