/**
 * `GET /api/audit/export?from=&to=&username=&unitCode=&category=` — the audit log matching the filters
 * (newest first, at most AUDIT_EXPORT_MAX_ROWS) as an Excel workbook, in Chinese, with each row's hash.
 * For the security auditor and the office (the roles that read the log). The export itself is
 * recorded in the audit chain (who took which rows) before the file is sent.
 */
import { PassThrough } from 'node:stream';
import type {} from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { AuditListInput, AUDIT_CATEGORIES, auditDetailLine, type AuditCategory } from '../../shared/audit';
import { formatDateTimeZh } from '../../shared/dates';
import { SESSION_COOKIE, resolveSession } from '../auth/sessions';
import type { Services } from '../context';
import { writeAudit } from '../services/audit';
import { auditRowsForExport, describeAuditFilters } from '../services/audit-log';
import { contentDisposition } from '../services/file-type';
import { XLSX_MIME, writeTableWorkbook } from '../excel/export-workbook';
import { hasCapability } from '../access';

export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const ExportQuery = AuditListInput.omit({ page: true, pageSize: true });

export async function auditExportRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  app.get('/api/audit/export', async (req, reply) => {
    const user = resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now())?.user ?? null;
    if (!user) return reply.code(401).send({ error: '请先登录' });
    if (!hasCapability(user, 'auditLog')) return reply.code(403).send({ error: '仅安全审计员或厅办公室可以导出审计日志' });
    const parsed = ExportQuery.safeParse(req.query);
    if (!parsed.success) {
      return reply.code(400).send({ error: `筛选条件有误：${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}` });
    }
    const filters = parsed.data;
    const now = services.now();
    const { total, rows } = auditRowsForExport(services.db, services.units, filters, AUDIT_EXPORT_MAX_ROWS);
    const described = describeAuditFilters(filters, services.units);
    services.db.transaction((tx) =>
      writeAudit(tx, { accountId: user.accountId, username: user.username, ip: req.ip }, now, {
        action: 'audit.export',
        entity: 'audit_log',
        after: { rows: rows.length, filters: described },
      }),
    );
    const out = new PassThrough();
    reply
      .code(200)
      .header('Content-Type', XLSX_MIME)
      .header('Content-Disposition', contentDisposition(`审计日志-${now.toISOString().slice(0, 10)}.xlsx`))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(out);
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
}
