/**
 * An uploaded template from bytes to a saved (and maybe submitted) report, or to the complete list
 * of problems with nothing written.
 *
 * Order of checks: file type and ZIP safety (400) → workbook readable (400) → template information:
 * ours, signed, this unit, this period, this scheme version (422) → rows and cells (422, every
 * problem at once, each on its cell, plus a marked copy of the workbook) → the same validation as
 * the web form, run once by `saveReport` (services/reporting.ts), which also writes the values, the
 * submission when asked and the action's one audit row in one SQLite transaction. The route has run
 * the access and edit rules (`beginEdit`) before reading the file; `saveReport` checks that the
 * report's revision is still the one seen then. Anything failing inside rolls the whole upload back.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { periods } from '../../db/schema';
import { readValues, versionRow } from '../../db/repo/reports';
import type { ReportProblem } from '../../shared/validation';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { Conflict, Forbidden, NotFound, ReportInvalid } from '../errors';
import { loadSchemeForPeriod } from '../services/report-context';
import { saveReport, type EditTarget, type WorkflowCtx } from '../services/reporting';
import { EXCEL_MSG } from './messages';
import { checkTemplate, parseForm, sortProblems, type CellProblem } from './parse';
import { markWorkbookBytes, plainSheet, readWorkbook } from './parse-pool';
import { SHEET_FORM, templateLayout, templateSecret } from './template';
import type { UploadSuccess } from '../../shared/excel';

export interface UploadRequest {
  services: Services;
  user: SessionUser;
  ip: string | null;
  /** The report this action may change: checked by `beginEdit` before the file was read. */
  target: EditTarget;
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

/** Runs one upload's processing when the gate lets it (a few at a time); busy: 503. Every kind of upload goes through it. */
export async function throughUploadGate<T>(fn: () => Promise<T>): Promise<T | UploadFailure> {
  const result = await gate.run(fn);
  if (result === Gate.BUSY) return { ok: false, status: 503, error: EXCEL_MSG.busy };
  return result;
}

export async function processUpload(req: UploadRequest): Promise<UploadOutcome> {
  return throughUploadGate(() => processChecked(req));
}

async function processChecked(req: UploadRequest): Promise<UploadOutcome> {
  const { services, target } = req;
  const { unit, period, level } = target;
  const db = services.db;
  // Pre-check (file type, ZIP limits, XML and cell caps) and exceljs run in a worker thread.
  const read = await readWorkbook(req.fileName, req.bytes);
  if (!read.ok) return { ok: false, status: 400, error: read.message };

  const stored = loadSchemeForPeriod(db, period);
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

  // The report as the route's check saw it: uploaded evidence files (no column in the sheet) are kept.
  const existingValues = target.report ? currentValues(services, target.report.id, target.report.currentVersion) : {};
  const form = parseForm(ws, layout, existingValues);
  const ctx: WorkflowCtx = { db, units: services.units, user: req.user, actor: { accountId: req.user.accountId, username: req.user.username, ip: req.ip }, now: services.now() };
  try {
    // Access and edit rules were checked for this action by the route (`beginEdit`); the revision
    // it saw makes sure nothing changed since.
    const saved = saveReport(ctx, {
      mode: req.submit ? 'submit' : 'draft',
      source: 'excel',
      unitCode: unit.code,
      periodCode: period.code,
      revision: target.report?.revision ?? 0,
      values: form.values,
      checked: target,
      readProblems: form.problems,
      locate: (indicator, field) => ({ sheet: SHEET_FORM, cell: form.cellOf(indicator, field) }),
      upload: { fileName: req.fileName, size: req.bytes.length, sha256: createHash('sha256').update(req.bytes).digest('hex') },
    });
    return {
      ok: true,
      message: req.submit ? `已上传并报送${period.name}报告（第 ${saved.version} 版）` : `已保存为草稿（第 ${saved.version} 版），请核对后在“填报”页报送`,
      reportId: saved.reportId,
      status: saved.status,
      revision: saved.revision,
      version: saved.version,
      submitted: req.submit,
      indicators: Object.keys(form.values).length,
      warnings: saved.warnings.map(toCellProblem),
    };
  } catch (err) {
    if (err instanceof ReportInvalid) return fail422(req.bytes, sortProblems(err.reportProblems.map(toCellProblem), [SHEET_FORM]));
    if (err instanceof Forbidden) return { ok: false, status: 403, error: err.message };
    if (err instanceof Conflict) return { ok: false, status: 409, error: err.message };
    if (err instanceof NotFound) return { ok: false, status: 404, error: err.message };
    throw err;
  }
}

/** A report problem located in the workbook (every problem of an upload has its sheet; cell '' when it is on no one cell). */
function toCellProblem(p: ReportProblem): CellProblem {
  return { sheet: p.sheet ?? SHEET_FORM, cell: p.cell ?? '', message: p.message, indicator: p.indicator, field: p.field };
}

/** The refusal of an upload whose cells have problems: every problem, and the user's workbook with them marked. */
export async function fail422(bytes: Buffer, problems: CellProblem[]): Promise<UploadFailure> {
  const marked = problems.some((p) => p.cell) ? ((await markWorkbookBytes(bytes, problems)) ?? undefined) : undefined;
  return { ok: false, status: 422, error: EXCEL_MSG.problems(problems.length), problems, marked };
}

function currentValues(services: Services, reportId: number, version: number) {
  const v = versionRow(services.db, reportId, version);
  return v ? readValues(services.db, v.id) : {};
}
