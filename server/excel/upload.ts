/**
 * An uploaded template from bytes to a saved (and maybe submitted) report, or to the complete list
 * of problems with nothing written.
 *
 * Order of checks: file type and ZIP safety (400) → workbook readable (400) → template information:
 * ours, signed, this unit, this period, this scheme version (422) → rows and cells (422, every
 * problem at once, each on its cell, plus a marked copy of the workbook) → the same validation as
 * the web form. Then, in one SQLite transaction: `saveDraft` with the report's current revision,
 * `submitReport(…, 'excel')` when asked, and the `excel.upload` audit row. Anything failing inside
 * rolls the whole upload back.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { periods, reports } from '../../db/schema';
import { readValues, versionRow } from '../../db/repo/reports';
import { periodStatus } from '../../shared/periods';
import { validateReport } from '../../shared/validation';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { writeAudit, type AuditActor } from '../services/audit';
import { editBlock, extensionFor, loadPeriod, loadSchemeForPeriod, periodDef, previousAcceptedValues, reportingLevel, today } from '../services/report-context';
import { saveDraft, submitReport, type WorkflowCtx } from '../services/reporting';
import type { OrgUnit } from '../services/unit-directory';
import { EXCEL_MSG } from './messages';
import { checkTemplate, locateProblems, parseForm, sortProblems, type CellProblem } from './parse';
import { markWorkbookBytes, plainSheet, readWorkbook } from './parse-pool';
import { SHEET_FORM, templateLayout, templateSecret } from './template';
import type { UploadSuccess } from '../../shared/excel';

export interface UploadRequest {
  services: Services;
  user: SessionUser;
  ip: string | null;
  unit: OrgUnit;
  periodCode: string;
  submit: boolean;
  fileName: string;
  bytes: Buffer;
}

export type { UploadSuccess };

export interface UploadFailure {
  ok: false;
  status: 400 | 403 | 404 | 409 | 422 | 503;
  error: string;
  problems?: CellProblem[];
  /** The user's workbook with the wrong cells marked, when problems are on cells. */
  marked?: Buffer;
}

export type UploadOutcome = UploadSuccess | UploadFailure;

/** A few workbooks are parsed at a time: exceljs keeps a whole workbook in memory. */
class Gate {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}
  async run<T>(fn: () => Promise<T>): Promise<T | typeof Gate.BUSY> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxWaiting) return Gate.BUSY;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
  static readonly BUSY = Symbol('busy');
}

const gate = new Gate(2, 8);

/** Why this unit cannot change its report for the period now, or null. */
export function uploadBlock(services: Services, unit: OrgUnit, periodCode: string): string | null {
  if (!reportingLevel(unit)) return '省级单位不填报';
  const period = loadPeriod(services.db, periodCode);
  const report = services.db
    .select({ status: reports.status })
    .from(reports)
    .where(and(eq(reports.unitCode, unit.code), eq(reports.periodId, period.id)))
    .get();
  const ext = extensionFor(services.db, period.id, unit.code);
  return editBlock(period, periodStatus(period, today(services.now())), report?.status ?? null, ext?.due);
}

export async function processUpload(req: UploadRequest): Promise<UploadOutcome> {
  const result = await gate.run(() => processChecked(req));
  if (result === Gate.BUSY) return { ok: false, status: 503, error: EXCEL_MSG.busy };
  return result;
}

async function processChecked(req: UploadRequest): Promise<UploadOutcome> {
  const { services, unit, periodCode } = req;
  const db = services.db;
  // Pre-check (file type, ZIP limits, XML and cell caps) and exceljs run in a worker thread.
  const read = await readWorkbook(req.fileName, req.bytes);
  if (!read.ok) return { ok: false, status: 400, error: read.message };

  const period = loadPeriod(db, periodCode);
  const stored = loadSchemeForPeriod(db, period);
  const level = reportingLevel(unit);
  if (!level) return { ok: false, status: 403, error: '省级单位不填报' };
  const layout = templateLayout(stored.scheme.indicators, level);

  const meta = read.meta;
  if (!meta) return { ok: false, status: 422, error: EXCEL_MSG.notTemplate };
  const refusal = checkTemplate(meta, {
    unit,
    period: { code: period.code, name: period.name },
    schemeVersion: stored.version,
    indicators: layout.rows.map((r) => r.indicator.code),
    secret: templateSecret(db, false),
    describe: (unitCode, code) => ({
      unit: services.units.get(unitCode)?.name ?? meta.unitName,
      period: db.select({ name: periods.name }).from(periods).where(eq(periods.code, code)).get()?.name ?? meta.periodName,
    }),
  });
  if (refusal) return { ok: false, status: 422, error: refusal };
  if (!read.form) return { ok: false, status: 422, error: EXCEL_MSG.noFormSheet };
  const ws = plainSheet(read.form);

  const block = uploadBlock(services, unit, periodCode);
  if (block) return { ok: false, status: 403, error: block };

  const now = services.now();
  const existingReport = db.select().from(reports).where(and(eq(reports.unitCode, unit.code), eq(reports.periodId, period.id))).get();
  const existingValues = existingReport ? currentValues(services, existingReport.id, existingReport.currentVersion) : {};
  const form = parseForm(ws, layout, existingValues);
  const mode = req.submit ? 'submit' : 'draft';
  const validation = validateReport({
    scheme: stored.scheme,
    level,
    period: periodDef(period),
    values: form.values,
    reportDate: today(now),
    previous: previousAcceptedValues(db, unit.code, period),
    mode,
  });
  const problems = sortProblems([...form.problems, ...locateProblems(validation.errors, form)]);
  if (problems.length) return fail422(req.bytes, problems);

  const actor: AuditActor = { accountId: req.user.accountId, username: req.user.username, ip: req.ip };
  const ctx: WorkflowCtx = { db, units: services.units, user: req.user, actor, now };
  const sha256 = createHash('sha256').update(req.bytes).digest('hex');
  const input = { unitCode: unit.code, periodCode: period.code, values: form.values };
  try {
    const saved = services.sqlite.transaction(() => {
      const revision = db.select({ revision: reports.revision }).from(reports).where(and(eq(reports.unitCode, unit.code), eq(reports.periodId, period.id))).get()?.revision ?? 0;
      const draft = saveDraft(ctx, { ...input, revision }, 'excel');
      const done = req.submit ? submitReport(ctx, { ...input, revision: draft.revision }, 'excel') : draft;
      writeAudit(db, actor, now, {
        action: 'excel.upload',
        entity: 'report',
        entityId: done.reportId,
        unitCode: unit.code,
        reportId: done.reportId,
        after: {
          fileName: req.fileName,
          size: req.bytes.length,
          sha256,
          periodCode: period.code,
          schemeVersion: stored.version,
          submitted: req.submit,
          version: done.version,
          indicators: Object.keys(form.values).length,
        },
      });
      return { done, warnings: done.warnings };
    })();
    const warnings = locateProblems(saved.warnings, { cellOf: form.cellOf, unreadable: new Set() });
    return {
      ok: true,
      message: req.submit ? `已上传并报送${period.name}报告（第 ${saved.done.version} 版）` : `已保存为草稿（第 ${saved.done.version} 版），请核对后在“填报”页报送`,
      reportId: saved.done.reportId,
      status: saved.done.status,
      revision: saved.done.revision,
      version: saved.done.version,
      submitted: req.submit,
      indicators: Object.keys(form.values).length,
      warnings,
    };
  } catch (err) {
    if (err instanceof Invalid) {
      const located = err.problems.map((p) => {
        const m = /^values\.([^.]+)\.([^.]+)$/.exec(p.path);
        return { sheet: SHEET_FORM, cell: m ? form.cellOf(m[1], m[2] as Parameters<typeof form.cellOf>[1]) : '', message: p.message };
      });
      return fail422(req.bytes, sortProblems(located.length ? located : [{ sheet: SHEET_FORM, cell: '', message: err.message }]));
    }
    if (err instanceof Forbidden) return { ok: false, status: 403, error: err.message };
    if (err instanceof Conflict) return { ok: false, status: 409, error: err.message };
    if (err instanceof NotFound) return { ok: false, status: 404, error: err.message };
    throw err;
  }
}

async function fail422(bytes: Buffer, problems: CellProblem[]): Promise<UploadFailure> {
  const marked = problems.some((p) => p.cell) ? ((await markWorkbookBytes(bytes, problems)) ?? undefined) : undefined;
  return { ok: false, status: 422, error: EXCEL_MSG.problems(problems.length), problems, marked };
}

function currentValues(services: Services, reportId: number, version: number) {
  const v = versionRow(services.db, reportId, version);
  return v ? readValues(services.db, v.id) : {};
}
