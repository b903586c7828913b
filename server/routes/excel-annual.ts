/**
 * The 政府信息公开工作年度报告 in Excel (inside the `/api/excel` scope, sharing its kit, multipart
 * limits and marked-workbook store):
 *
 * - `GET  /api/excel/annual/template?unit=&year=` — the fill-in template of one unit × year (own unit), pre-filled with the current version.
 * - `POST /api/excel/annual/upload?unit=&year=&submit=0|1` — multipart `file`; saved as a draft (or submitted) or refused with
 *   every problem located by sheet and cell (422) and a token for the marked workbook (`GET /api/excel/marked/:token`).
 * - `GET  /api/excel/annual/report?unit=&year=&version=` — one unit's report, printable (anyone who may read the unit); the
 *   unit may upload it again.
 * - `GET  /api/excel/annual/summary?year=` — the province summary over accepted reports in the same layout, plus the cities (office, leaders).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { assertMayReport, assertUnitAccess, readableUnitCodes } from '../access';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { Forbidden } from '../errors';
import { annualReportVersionData, annualSummary, annualYearSettings, beginAnnualEdit, findAnnualReport, annualReportView, type AnnualEditTarget } from '../services/annual-reports';
import { isBureau } from '../services/unit-directory';
import { sanitizeFileName } from '../services/file-type';
import { annualFormat } from '../../shared/annual-report/format';
import { ANNUAL_TEMPLATE_KIND, annualChecksum, annualFileName, buildAnnualWorkbook, type AnnualMeta } from '../excel/annual';
import { processAnnualUpload } from '../excel/annual-upload';
import type { UploadFailure } from '../excel/upload';
import { XLSX_MIME } from '../excel/export-workbook';
import type { MarkedStore } from '../excel/marked-store';
import { EXCEL_MAX_UPLOAD_BYTES, EXCEL_MSG } from '../excel/messages';
import { templateSecret } from '../excel/template';
import { HttpRefusal, type RouteKit } from './kit';
import { formatDateTimeZh } from '../../shared/dates';

const UnitCodeQ = z.string().regex(/^\d{6}$/, '单位代码应为 6 位数字');
const YearQ = z.coerce.number().int().min(2000, '年度应在 2000 至 2100 之间').max(2100, '年度应在 2000 至 2100 之间');
const TemplateQuery = z.object({ unit: UnitCodeQ.optional(), year: YearQ });
const UploadQuery = TemplateQuery.extend({ submit: z.enum(['0', '1', 'true', 'false']).optional() });
const ReportQuery = z.object({ unit: UnitCodeQ, year: YearQ, version: z.coerce.number().int().min(1).max(10_000).optional() });
const SummaryQuery = z.object({ year: YearQ });

export interface AnnualExcelOptions {
  services: Services;
  kit: RouteKit;
  marked: MarkedStore;
}

/**
 * The answer of any workbook upload: 200 with what was saved, or the refusal with every problem and
 * a token for the uploader's workbook with the problems marked (kept a while, for this account only).
 */
export function answerUpload(
  reply: FastifyReply,
  outcome: { ok: true } | UploadFailure,
  o: { marked: MarkedStore; accountId: number; fileName: string; fallbackBase: string },
): FastifyReply {
  if (outcome.ok) {
    const { ok: _ok, ...body } = outcome;
    return reply.code(200).send(body);
  }
  const extra: Record<string, unknown> = {};
  if (outcome.problems) extra.problems = outcome.problems;
  if (outcome.marked) extra.markedWorkbook = o.marked.put(o.accountId, `${o.fileName.replace(/\.xlsx$/i, '') || o.fallbackBase}（已标注问题）.xlsx`, outcome.marked);
  throw new HttpRefusal(outcome.status, outcome.error, extra);
}

const noWrite = (name: string) => `无权下载或上传${name}的年度报告模板：只有本单位账号可以填报`;

export function annualExcelRoutes(scope: FastifyInstance, { services, kit, marked }: AnnualExcelOptions): void {
  const onRequest = kit.requireUser;
  const metaFor = (unit: { code: string; name: string }, year: number, formatId: string, now: Date): AnnualMeta => {
    const base = { kind: ANNUAL_TEMPLATE_KIND, formatId, year: String(year), unitCode: unit.code };
    return { ...base, unitName: unit.name, generatedAt: now.toISOString(), checksum: annualChecksum(templateSecret(services.db, true)!, base) };
  };
  const ctxOf = (user: SessionUser, ip: string) => ({ db: services.db, units: services.units, user, actor: { accountId: user.accountId, username: user.username, ip }, now: services.now() });

  scope.get('/annual/template', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(TemplateQuery, req);
    const unit = assertMayReport({ units: services.units, user }, q.unit ?? user.unitCode, noWrite);
    if (!isBureau(unit)) throw new Forbidden(`${unit.name}不单独填报政府信息公开工作年度报告`);
    const now = services.now();
    const view = annualReportView(services.db, unit, q.year, now, true);
    const format = annualFormat(view.formatId);
    const body = await buildAnnualWorkbook({
      kind: 'template',
      format,
      year: q.year,
      title: unit.name,
      info: `填报单位：${unit.name}（${unit.code}）；报告年度：${q.year}年度；公开截止：${view.due}；格式：${format.name}${view.report ? `；模板生成时为第 ${view.report.version} 版` : ''}`,
      data: view.data,
      meta: metaFor(unit, q.year, format.id, now),
      now,
    });
    const name = annualFileName(unit.name, q.year, '填报模板');
    return kit.sendFile(req, reply, { name, mime: XLSX_MIME, body, size: body.length }, { action: 'excel.annualTemplate', entity: 'annual_report', unitCode: unit.code, after: { year: q.year } });
  });

  scope.post('/annual/upload', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    if (!req.isMultipart()) throw new HttpRefusal(415, EXCEL_MSG.notMultipart);
    let refusal: unknown = null;
    let target: AnnualEditTarget | null = null;
    try {
      const q = kit.query(UploadQuery, req);
      // Access and edit rules of this upload, once, before its file is read.
      target = beginAnnualEdit(ctxOf(user, req.ip), q.unit ?? user.unitCode, q.year, { refusal: noWrite });
    } catch (err) {
      refusal = err;
    }
    const { bytes: file, fileName } = await kit.readOneFile(req, { refusal, fallbackName: '年度报告.xlsx', maxBytes: EXCEL_MAX_UPLOAD_BYTES, noFile: EXCEL_MSG.noFile, tooLarge: EXCEL_MSG.tooLarge });
    if (!target) throw new HttpRefusal(400, EXCEL_MSG.badForm);
    const q = kit.query(UploadQuery, req);
    const outcome = await processAnnualUpload({ services, user, ip: req.ip, target, submit: q.submit === '1' || q.submit === 'true', fileName, bytes: file });
    return answerUpload(reply, outcome, { marked, accountId: user.accountId, fileName, fallbackBase: '年度报告' });
  });

  scope.get('/annual/report', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(ReportQuery, req);
    const unit = assertUnitAccess({ units: services.units, user }, q.unit, 'read');
    const v = annualReportVersionData(services.db, unit, q.year, q.version);
    const now = services.now();
    const format = annualFormat(v.formatId);
    const report = findAnnualReport(services.db, unit.code, q.year);
    const body = await buildAnnualWorkbook({
      kind: 'export',
      format,
      year: q.year,
      title: unit.name,
      info: `填报单位：${unit.name}（${unit.code}）；第 ${v.version} 版，${v.state}${v.submittedAt ? `，报送于 ${formatDateTimeZh(v.submittedAt)}` : ''}；导出时间：${formatDateTimeZh(now.toISOString())}`,
      data: v.data,
      // The unit may upload its own export again (it is signed like a template).
      meta: report ? metaFor(unit, q.year, format.id, now) : undefined,
      now,
    });
    const name = sanitizeFileName(annualFileName(unit.name, q.year, '年度报告'), '年度报告.xlsx');
    return kit.sendFile(req, reply, { name, mime: XLSX_MIME, body, size: body.length }, {
      action: 'excel.annualReport',
      entity: 'annual_report',
      entityId: v.reportId,
      unitCode: unit.code,
      after: { year: q.year, version: v.version },
    });
  });

  scope.get('/annual/summary', { onRequest }, async (req, reply) => {
    const user = kit.userOf(req);
    const q = kit.query(SummaryQuery, req);
    if (readableUnitCodes(user, (c) => services.units.childrenOf(c)) !== 'all') throw new Forbidden('年度报告全省汇总仅厅办公室和厅领导可以导出');
    const now = services.now();
    const s = annualSummary(services.db, services.units, q.year, now);
    const format = annualFormat(annualYearSettings(services.db, q.year).formatId);
    const body = await buildAnnualWorkbook({
      kind: 'summary',
      format,
      year: q.year,
      title: '全省',
      info: `已采纳报告 ${s.province.accepted} 份（应报 ${s.province.expected} 份）的合计；公开率 ${s.province.disclosure.percent ?? '—'}%；导出时间：${formatDateTimeZh(now.toISOString())}`,
      data: { cells: s.province.cells, texts: {}, publishedUrl: null, publishedOn: null },
      cities: s.cities,
      now,
    });
    const name = annualFileName('全省', q.year, '汇总');
    return kit.sendFile(req, reply, { name, mime: XLSX_MIME, body, size: body.length }, { action: 'excel.annualSummary', entity: 'annual_report_year', entityId: q.year, after: { year: q.year } });
  });
}
