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
 *
 * Own encapsulated plugin under `/api/excel`, so its multipart parser does not meet tRPC's.
 */
import { PassThrough, type Readable } from 'node:stream';
import type {} from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canAccessUnit, policyOf } from '../access';
import { SESSION_COOKIE, resolveSession, type SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { DomainError, Forbidden, Invalid, NotFound } from '../errors';
import { loadPeriod, reportingLevel } from '../services/report-context';
import { contentDisposition, sanitizeFileName } from '../services/file-type';
import { assessmentFileName, loadAssessment, writeAssessmentWorkbook } from '../excel/assessment';
import { XLSX_MIME, writeTableWorkbook, type CellInput, type ColumnFormat } from '../excel/export-workbook';
import { MARKED_TOKEN_RE, MarkedStore } from '../excel/marked-store';
import { EXCEL_MAX_UPLOAD_BYTES, EXCEL_MSG } from '../excel/messages';
import { buildCountyTemplatesZip, buildTemplate, templateSecret } from '../excel/template';
import { processUpload, uploadBlock } from '../excel/upload';

export const EXCEL_PREFIX = '/api/excel';
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

function hasStatusCode(err: unknown): err is { statusCode: number } {
  return typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number';
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

function zodMessage(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)).join('；');
}

async function discard(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // dropped on purpose
  }
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

  scope.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      const status = err instanceof NotFound ? 404 : err instanceof Forbidden ? 403 : err instanceof Invalid ? 400 : 409;
      return reply.code(status).send({ error: err.message });
    }
    const status = hasStatusCode(err) && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const code = errorCode(err);
    let message: string;
    if (code === 'FST_REQ_FILE_TOO_LARGE') message = EXCEL_MSG.tooLarge;
    else if (code === 'FST_FILES_LIMIT') message = EXCEL_MSG.oneFile;
    else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = '导出内容超过 2 MB 上限，请缩小范围后再导出';
    else if (status === 415) message = EXCEL_MSG.notMultipart;
    else if (status < 500) message = EXCEL_MSG.badForm;
    else message = '服务器内部错误，请稍后再试';
    if (status >= 500) req.log.error({ err }, 'excel route failed');
    return reply.code(status).send({ error: message });
  });

  const users = new WeakMap<FastifyRequest, SessionUser>();
  const currentUser = (req: FastifyRequest): SessionUser | null =>
    users.get(req) ?? resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now())?.user ?? null;
  /** Refuses anonymous requests before their body is read. */
  const requireUser = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = currentUser(req);
    if (!user) return reply.code(401).send({ error: EXCEL_MSG.login });
    users.set(req, user);
  };
  const userOf = (req: FastifyRequest): SessionUser => {
    const u = users.get(req);
    if (!u) throw new Error('requireUser did not run');
    return u;
  };

  const sendFile = (reply: FastifyReply, fileName: string, mime: string, body: Buffer | PassThrough) =>
    reply
      .code(200)
      .header('Content-Type', mime)
      .header('Content-Disposition', contentDisposition(fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(body);

  /** The unit an account reports for, or the refusal. */
  function writableUnit(user: SessionUser, code: string | undefined) {
    const unitCode = code ?? user.unitCode;
    const unit = services.units.get(unitCode);
    if (!unit) return { unit: null, status: 400, error: EXCEL_MSG.badUnit(unitCode) } as const;
    if (!reportingLevel(unit)) return { unit: null, status: 403, error: '省级单位不填报，无需下载或上传填报模板' } as const;
    if (!canAccessUnit(user, unit, 'write')) return { unit: null, status: 403, error: EXCEL_MSG.noWrite(unit.name) } as const;
    return { unit, status: 200, error: null } as const;
  }

  scope.get('/template', { onRequest: requireUser }, async (req, reply) => {
    const user = userOf(req);
    const q = TemplateQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: zodMessage(q.error) });
    const target = writableUnit(user, q.data.unit);
    if (!target.unit) return reply.code(target.status).send({ error: target.error });
    const period = loadPeriod(services.db, q.data.period);
    const now = services.now();
    const t = await buildTemplate(services.db, target.unit, period.code, now, templateSecret(services.db, true)!);
    return sendFile(reply, t.fileName, XLSX_MIME, t.buffer);
  });

  scope.get('/templates.zip', { onRequest: requireUser }, async (req, reply) => {
    const user = userOf(req);
    const q = ZipQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: zodMessage(q.error) });
    if (policyOf(user.role).reviews !== 'children') return reply.code(403).send({ error: '只有设区市住建局账号可以下载所辖县(市、区)的模板压缩包' });
    const city = services.units.get(user.unitCode);
    if (!city) return reply.code(400).send({ error: EXCEL_MSG.badUnit(user.unitCode) });
    const period = loadPeriod(services.db, q.data.period);
    const z = await buildCountyTemplatesZip(services.db, services.units, city, period, services.now(), templateSecret(services.db, true)!);
    if (z.count === 0) return reply.code(404).send({ error: `${city.name}在${period.name}没有所辖县(市、区)` });
    return sendFile(reply, z.fileName, 'application/zip', z.buffer);
  });

  scope.post('/upload', { onRequest: requireUser }, async (req, reply) => {
    const user = userOf(req);
    if (!req.isMultipart()) return reply.code(415).send({ error: EXCEL_MSG.notMultipart });
    const q = UploadQuery.safeParse(req.query);
    let refusal: { status: number; error: string } | null = null;
    let unit = null;
    if (!q.success) refusal = { status: 400, error: zodMessage(q.error) };
    else {
      const target = writableUnit(user, q.data.unit);
      if (!target.unit) refusal = { status: target.status, error: target.error };
      else {
        unit = target.unit;
        try {
          const block = uploadBlock(services, unit, q.data.period);
          if (block) refusal = { status: 403, error: block };
        } catch (err) {
          if (err instanceof NotFound) refusal = { status: 404, error: err.message };
          else throw err;
        }
      }
    }

    // Read the one file (bounded by the multipart limit); a refused request's file is dropped unread.
    let bytes: Buffer | null = null;
    let fileName = '';
    let truncated = false;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') continue;
        if (part.fieldname !== 'file' || bytes || refusal) {
          await discard(part.file);
          continue;
        }
        fileName = sanitizeFileName(part.filename ?? '', '上传的表格.xlsx');
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        truncated = part.file.truncated === true;
        bytes = Buffer.concat(chunks);
      }
    } catch (err) {
      const code = errorCode(err);
      if (code === 'FST_REQ_FILE_TOO_LARGE') return reply.code(413).send({ error: EXCEL_MSG.tooLarge });
      if (code === 'FST_FILES_LIMIT') return reply.code(400).send({ error: EXCEL_MSG.oneFile });
      if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') return reply.code(400).send({ error: EXCEL_MSG.badForm });
      throw err;
    }
    if (refusal || !q.success || !unit) {
      const r = refusal ?? { status: 400, error: EXCEL_MSG.badForm };
      return reply.code(r.status).send({ error: r.error });
    }
    if (!bytes) return reply.code(400).send({ error: EXCEL_MSG.noFile });
    if (truncated || bytes.length > EXCEL_MAX_UPLOAD_BYTES) return reply.code(413).send({ error: EXCEL_MSG.tooLarge });

    const outcome = await processUpload({
      services,
      user,
      ip: req.ip,
      unit,
      periodCode: q.data.period,
      submit: q.data.submit === '1' || q.data.submit === 'true',
      fileName,
      bytes,
    });
    if (outcome.ok) {
      const { ok: _ok, ...body } = outcome;
      return reply.code(200).send(body);
    }
    const body: { error: string; problems?: typeof outcome.problems; markedWorkbook?: string } = { error: outcome.error };
    if (outcome.problems) body.problems = outcome.problems;
    if (outcome.marked) {
      const base = fileName.replace(/\.xlsx$/i, '') || '上传的表格';
      body.markedWorkbook = marked.put(user.accountId, `${base}（已标注问题）.xlsx`, outcome.marked);
    }
    return reply.code(outcome.status).send(body);
  });

  scope.get<{ Params: { token: string } }>('/marked/:token', { onRequest: requireUser }, async (req, reply) => {
    const user = userOf(req);
    if (!MARKED_TOKEN_RE.test(req.params.token)) return reply.code(404).send({ error: EXCEL_MSG.markedMissing });
    const entry = marked.get(req.params.token);
    if (!entry) return reply.code(404).send({ error: EXCEL_MSG.markedMissing });
    if (entry.accountId !== user.accountId) return reply.code(403).send({ error: EXCEL_MSG.markedForbidden });
    return sendFile(reply, entry.fileName, XLSX_MIME, entry.buffer);
  });

  scope.get('/assessment', { onRequest: requireUser }, async (req, reply) => {
    const user = userOf(req);
    const q = AssessmentQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: zodMessage(q.error) });
    const now = services.now();
    // Everything is read before the first byte goes out, so a refusal is still a JSON error.
    const data = loadAssessment(services.db, services.units, user, q.data.year, q.data.version, now);
    const out = new PassThrough();
    sendFile(reply, assessmentFileName(data), XLSX_MIME, out);
    try {
      await writeAssessmentWorkbook(out, data);
    } catch (err) {
      req.log.warn({ err }, 'assessment export aborted');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    return reply;
  });

  scope.post('/table', { onRequest: requireUser, bodyLimit: TABLE_BODY_LIMIT }, async (req, reply) => {
    const parsed = TableInput.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: `导出内容格式不正确：${zodMessage(parsed.error)}` });
    const input = parsed.data;
    const keys = input.columns.map((c) => c.key);
    const rows: Record<string, CellInput>[] = input.rows.map((r) => {
      if (Array.isArray(r)) return Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null]));
      return r;
    });
    const out = new PassThrough();
    const name = sanitizeFileName(`${input.title}.xlsx`, '导出表格.xlsx');
    sendFile(reply, name.toLowerCase().endsWith('.xlsx') ? name : `${name}.xlsx`, XLSX_MIME, out);
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
