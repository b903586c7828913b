/**
 * `GET /api/audit/export?from=&to=&username=&unitCode=&category=` — the audit log matching the filters
 * (newest first, at most AUDIT_EXPORT_MAX_ROWS) as an Excel workbook, in Chinese, with each row's hash.
 * For the roles that read the audit log (安全审计员, 厅办公室). Sessions, refusals and the export's own
 * audit row (who took which rows) come from the route kit.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AuditListInput, AUDIT_CATEGORIES, auditDetailLine, type AuditCategory } from '../../shared/audit';
import { formatDateTimeZh } from '../../shared/dates';
import type { Services } from '../context';
import { requireCapability } from '../access';
import { auditRowsForExport, describeAuditFilters } from '../services/audit-log';
import { XLSX_MIME, writeTableWorkbook } from '../excel/export-workbook';
import { routeKit } from './kit';

export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const ExportQuery = AuditListInput.omit({ page: true, pageSize: true });

export async function auditExportRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  await app.register(async (scope) => {
    const { services } = opts;
    const kit = routeKit({ services, tooLarge: '请求内容过大', scope: 'audit-export' });
    scope.setErrorHandler(kit.errorHandler);
    scope.get('/api/audit/export', { onRequest: kit.requireUser }, async (req, reply) => {
      const user = kit.userOf(req);
      requireCapability(user, 'auditLog');
      const filters = kit.query(ExportQuery, req);
      const now = services.now();
      const { total, rows } = auditRowsForExport(services.db, services.units, filters, AUDIT_EXPORT_MAX_ROWS);
      const described = describeAuditFilters(filters, services.units);
      const out = new PassThrough();
      kit.sendFile(req, reply, { name: `审计日志-${now.toISOString().slice(0, 10)}.xlsx`, mime: XLSX_MIME, body: out }, {
        action: 'audit.export',
        entity: 'audit_log',
        after: { rows: rows.length, filters: described },
      });
      try {
        await writeTableWorkbook(out, {
          title: '审计日志',
          subtitle: `${described}；共 ${total} 条${total > rows.length ? `，导出最新 ${rows.length} 条` : ''}；导出人 ${user.username}，导出时间 ${formatDateTimeZh(now.toISOString())}`,
          columns: [
            { key: 'id', title: '记录编号', format: 'integer' },
            { key: 'at', title: '时间' },
            { key: 'user', title: '操作账号' },
            { key: 'category', title: '操作类别' },
            { key: 'action', title: '操作' },
            { key: 'unit', title: '单位' },
            { key: 'report', title: '报告编号', format: 'integer' },
            { key: 'details', title: '详情（字段：修改前 → 修改后）', wrap: true },
            { key: 'ip', title: '来源地址' },
            { key: 'hash', title: '本行哈希（SHA-256）' },
          ],
          rows: rows.map((r) => ({
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
          })),
        });
      } catch (err) {
        req.log.warn({ err }, 'audit export aborted');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      }
      return reply;
    });
  });
}
