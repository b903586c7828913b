/**
 * Excel over plain HTTP (files do not travel through tRPC):
 *
 * - `GET  /api/excel/template?unit=&period=` — the fill-in template of one unit × period (own unit).
 * - `GET  /api/excel/templates.zip?period=` — a city account: one template per county, zipped.
 * - `POST /api/excel/upload?unit=&period=&submit=0|1` — multipart `file` (.xlsx, ≤ 5 MB). Saved as a
 *   draft through `saveDraft` (and submitted with submit=1) or refused with every problem located
 *   by sheet and cell (422) and a token for the marked workbook; nothing written on any problem.
 * - `GET  /api/excel/marked/:token` — the uploader's workbook with the wrong cells marked.
 * - `GET  /api/excel/assessment?year=&version=` — the four-sheet assessment workbook (streamed).
 * - `POST /api/excel/table` — any table of the app as a formatted workbook (streamed).
 * - `GET  /api/excel/ledger?year=&clause=&division=&status=` — the task ledger, print-ready (office, leaders, a division its own rows),
 *   with the budgets and final accounts of 第十三条 on a second sheet.
 * - `/api/excel/annual/*` — the 政府信息公开工作年度报告: template, upload, one unit's report, the province summary (excel-annual.ts).
 *
 * Own encapsulated plugin under `/api/excel`, so its multipart parser does not meet tRPC's.
 */
import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assertMayReport, policyOf, readsOwnLedgerOnly, requireCapability } from '../access';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { loadPeriod, reportingLevel } from '../services/report-context';
import { sanitizeFileName } from '../services/file-type';
import { assessmentFileName, loadAssessment, writeAssessmentWorkbook } from '../excel/assessment';
import { XLSX_MIME, writeTableWorkbook, type CellInput, type ColumnFormat } from '../excel/export-workbook';
import { MARKED_TOKEN_RE, MarkedStore } from '../excel/marked-store';
import { EXCEL_MAX_UPLOAD_BYTES, EXCEL_MSG } from '../excel/messages';
import { buildCountyTemplatesZip, buildTemplate, templateSecret } from '../excel/template';
import { processUpload } from '../excel/upload';
import { beginEdit, type EditTarget, type WorkflowCtx } from '../services/reporting';
import { HttpRefusal, routeKit } from './kit';
import { ledgerFileName, writeLedgerWorkbook } from '../excel/ledger';
import { ledgerRows } from '../services/department/ledger';
import { budgetRowsForLedger } from '../services/department/budgets';
import { today } from '../../shared/dates';
import { LedgerListInput } from '../routers/ledger';
import { Forbidden } from '../errors';
import { annualExcelRoutes, answerUpload } from './excel-annual';

export const EXCEL_PREFIX = '/api/excel';
/** The ledger export's query: the same filters as `ledger.list`, the year as text. */
const LedgerQuery = LedgerListInput.extend({ year: z.coerce.number().int().min(2000).max(2100) });
export const TABLE_MAX_ROWS = 50_000;
export const TABLE_BODY_LIMIT = 2 * 1024 * 1024;

export interface ExcelRoutesOptions {
  services: Services;
}

const UnitCodeQ = z.string().regex(/^\d{6}$/, '单位代码应为 6 位数字');
const PeriodCodeQ = z.string().regex(/^\d{4}Q[1-4]$/, '期次代码应形如 2018Q4');
const TemplateQuery = z.object({ unit: UnitCodeQ.optional(), period: PeriodCodeQ });
const ZipQuery = z.object({ period: PeriodCodeQ });
const UploadQuery = z.object({
  unit: UnitCodeQ.optional(),
  period: PeriodCodeQ,
  submit: z.enum(['0', '1', 'true', 'false']).optional(),
});
const AssessmentQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

const TableCell = z.union([z.string().max(32_767), z.number(), z.boolean(), z.null()]);
export const TableInput = z.strictObject({
  title: z.string().trim().min(1, '请填写表格标题').max(100, '标题不超过 100 字'),
  subtitle: z.string().max(300).optional(),
  columns: z
    .array(
      z.strictObject({
        key: z.string().min(1).max(100),
        title: z.string().max(200),
        format: z.enum(['text', 'number', '0.00', '0.0%', 'date']).optional(),
      }),
    )
    .min(1, '至少需要一列')
    .max(200, '最多 200 列'),
  rows: z.array(z.union([z.record(z.string(), TableCell.optional()), z.array(TableCell)])).max(TABLE_MAX_ROWS, `最多导出 ${TABLE_MAX_ROWS} 行`),
});
export type TableInput = z.infer<typeof TableInput>;

function zodMessage(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)).join('；');
}

/** The `/api/excel` routes. Register with `app.register(excelRoutes, { services })`. */
export async function excelRoutes(app: FastifyInstance, opts: ExcelRoutesOptions): Promise<void> {
  await app.register(excelScope, { prefix: EXCEL_PREFIX, services: opts.services });
}

async function excelScope(scope: FastifyInstance, opts: ExcelRoutesOptions): Promise<void> {
  const { services } = opts;
  const marked = new MarkedStore();

  await scope.register(multipart, {
    limits: { fileSize: EXCEL_MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, fieldNameSize: 100, headerPairs: 100 },
  });

  const kit = routeKit({ services, tooLarge: EXCEL_MSG.tooLarge, bodyTooLarge: '导出内容超过 2 MB 上限，请缩小范围后再导出', scope: 'excel' });
  scope.setErrorHandler(kit.errorHandler);

  const workflowCtxOf = (user: SessionUser, ip: string): WorkflowCtx => ({
    db: services.db,
    units: services.units,
    user,
    actor: { accountId: user.accountId, username: user.username, ip },
    now: services.now(),
  });

  const onRequest = kit.requireUser;
  annualExcelRoutes(scope, { services, kit, marked });

  scope.get('/template', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(TemplateQuery, req);
    const unit = reportingUnit(q.unit ?? user.unitCode);
    assertMayReport({ units: services.units, user }, unit.code, EXCEL_MSG.noWrite);
    const period = loadPeriod(services.db, q.period);
    const t = await buildTemplate(services.db, unit, period.code, services.now(), templateSecret(services.db, true)!);
    return kit.sendFile(req, reply, { name: t.fileName, mime: XLSX_MIME, body: t.buffer, size: t.buffer.length }, {
      action: 'excel.template',
      entity: 'report',
      unitCode: unit.code,
      after: { periodCode: period.code },
    });
  });

  scope.get('/templates.zip', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(ZipQuery, req);
    if (policyOf(user.role).reviews !== 'children') throw new HttpRefusal(403, '只有设区市住建局账号可以下载所辖县(市、区)的模板压缩包');
    const city = services.units.get(user.unitCode);
    if (!city) throw new HttpRefusal(400, EXCEL_MSG.badUnit(user.unitCode));
    const period = loadPeriod(services.db, q.period);
    const z = await buildCountyTemplatesZip(services.db, services.units, city, period, services.now(), templateSecret(services.db, true)!);
    if (z.count === 0) throw new HttpRefusal(404, `${city.name}在${period.name}没有所辖县(市、区)`);
    return kit.sendFile(req, reply, { name: z.fileName, mime: 'application/zip', body: z.buffer, size: z.buffer.length }, {
      action: 'excel.templatesZip',
      entity: 'report',
      unitCode: city.code,
      after: { periodCode: period.code, templates: z.count },
    });
  });

  /** The reporting unit named by a code (400 unknown, 403 the province, which does not report). */
  function reportingUnit(code: string) {
    const unit = services.units.get(code);
    if (!unit) throw new HttpRefusal(400, EXCEL_MSG.badUnit(code));
    if (!reportingLevel(unit)) throw new HttpRefusal(403, '省级单位不填报，无需下载或上传填报模板');
    return unit;
  }

  scope.post('/upload', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    if (!req.isMultipart()) throw new HttpRefusal(415, EXCEL_MSG.notMultipart);
    // The refusal is kept until the body has been read past, so the client hears it whole.
    let refusal: unknown = null;
    let target: EditTarget | null = null;
    try {
      const q = kit.query(UploadQuery, req);
      const unit = reportingUnit(q.unit ?? user.unitCode);
      // Access and edit rules of this upload, once, before its file is read.
      target = beginEdit(workflowCtxOf(user, req.ip), unit.code, q.period, { refusal: EXCEL_MSG.noWrite });
    } catch (err) {
      refusal = err;
    }

    // Read the one file (bounded by the multipart limit); a refused request's file is dropped unread.
    const { bytes: file, fileName } = await kit.readOneFile(req, { refusal, fallbackName: '上传的表格.xlsx', maxBytes: EXCEL_MAX_UPLOAD_BYTES, noFile: EXCEL_MSG.noFile, tooLarge: EXCEL_MSG.tooLarge });
    if (!target) throw new HttpRefusal(400, EXCEL_MSG.badForm);

    const q = kit.query(UploadQuery, req);
    const outcome = await processUpload({ services, user, ip: req.ip, target, submit: q.submit === '1' || q.submit === 'true', fileName, bytes: file });
    return answerUpload(reply, outcome, { marked, accountId: user.accountId, fileName, fallbackBase: '上传的表格' });
  });

  scope.get<{ Params: { token: string } }>('/marked/:token', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    if (!MARKED_TOKEN_RE.test(req.params.token)) throw new HttpRefusal(404, EXCEL_MSG.markedMissing);
    const entry = marked.get(req.params.token);
    if (!entry) throw new HttpRefusal(404, EXCEL_MSG.markedMissing);
    if (entry.accountId !== user.accountId) throw new HttpRefusal(403, EXCEL_MSG.markedForbidden);
    return kit.sendFile(req, reply, { name: entry.fileName, mime: XLSX_MIME, body: entry.buffer, size: entry.buffer.length }, {
      action: 'excel.marked',
      entity: 'report',
      unitCode: user.unitCode,
    });
  });

  scope.get('/assessment', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(AssessmentQuery, req);
    const now = services.now();
    // Everything is read before the first byte goes out, so a refusal is still a JSON error.
    const data = loadAssessment(services.db, services.units, user, q.year, q.version, now);
    const out = new PassThrough();
    kit.sendFile(req, reply, { name: assessmentFileName(data), mime: XLSX_MIME, body: out }, {
      action: 'excel.assessment',
      entity: 'ranking_publication',
      entityId: data.publication ? `${q.year}v${data.publication.version}` : `${q.year}draft`,
      after: { year: q.year, status: data.status, units: data.scope === 'all' ? 'all' : [...data.scope] },
    });
    try {
      await writeAssessmentWorkbook(out, data);
    } catch (err) {
      req.log.warn({ err }, 'assessment export aborted');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    return reply;
  });

  scope.get('/ledger', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(LedgerQuery, req);
    requireCapability(user, 'ledgerRead');
    const ownOnly = readsOwnLedgerOnly(user);
    if (ownOnly && q.division && q.division !== user.unitCode) throw new Forbidden('处室只能导出本处室的台账任务');
    const day = today(services.now());
    const filter = { ...q, division: ownOnly ? user.unitCode : q.division };
    const rows = ledgerRows(services.db, services.units, filter, day);
    const budgets = budgetRowsForLedger(services.db, services.units, filter, day);
    const out = new PassThrough();
    kit.sendFile(req, reply, { name: ledgerFileName(q.year), mime: XLSX_MIME, body: out }, {
      action: 'excel.ledger',
      entity: 'ledger',
      entityId: String(q.year),
      after: { year: q.year, rows: rows.length, budgets: budgets.length },
    });
    try {
      await writeLedgerWorkbook(out, { year: q.year, today: day, rows, budgets });
    } catch (err) {
      req.log.warn({ err }, 'ledger export aborted');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    return reply;
  });

  scope.post('/table', { onRequest, bodyLimit: TABLE_BODY_LIMIT }, async (req, reply) => {
    const parsed = TableInput.safeParse(req.body);
    if (!parsed.success) throw new HttpRefusal(400, `导出内容格式不正确：${zodMessage(parsed.error)}`);
    const input = parsed.data;
    const keys = input.columns.map((c) => c.key);
    const rows: Record<string, CellInput>[] = input.rows.map((r) => {
      if (Array.isArray(r)) return Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null]));
      return r;
    });
    const out = new PassThrough();
    const name = sanitizeFileName(`${input.title}.xlsx`, '导出表格.xlsx');
    const fileName = name.toLowerCase().endsWith('.xlsx') ? name : `${name}.xlsx`;
    kit.sendFile(req, reply, { name: fileName, mime: XLSX_MIME, body: out }, {
      action: 'excel.table',
      entity: 'export',
      after: { title: input.title, columns: input.columns.length, rows: input.rows.length },
    });
    try {
      await writeTableWorkbook(out, {
        title: input.title,
        subtitle: input.subtitle ?? `导出时间：${new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }).format(services.now())}`,
        columns: input.columns.map((c) => ({ key: c.key, title: c.title, format: (c.format ?? 'text') as ColumnFormat })),
        rows,
      });
    } catch (err) {
      req.log.warn({ err }, 'table export aborted');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    return reply;
  });
}
