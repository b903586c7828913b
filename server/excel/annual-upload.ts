/**
 * An uploaded annual-report workbook (annual.ts) from bytes to a saved (and maybe submitted) report,
 * or to the complete list of problems with nothing written — the same order as the progress-report
 * upload (upload.ts): file and ZIP checks and reading in the parse worker (400) → our signed template
 * information of this unit and year (422) → every cell read tolerantly, totals recomputed (parse.ts
 * `parseAnnualSheets`) → the same consistency check as the web form, run once by `saveAnnualReport`,
 * which writes the data and the action's one audit row in one transaction. Problems come back with
 * their sheet and cell, and the user's workbook with them marked (the same marking as progress reports).
 */
import { createHash } from 'node:crypto';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { annualYearSettings, saveAnnualReport, type AnnualEditTarget } from '../services/annual-reports';
import type { WorkflowCtx } from '../services/reporting';
import { annualFormat } from '../../shared/annual-report/format';
import type { AnnualUploadSuccess, CellProblem } from '../../shared/excel';
import { annualChecksumMatches, annualMetaOf, annualSheetLayout, SHEET_TEXTS } from './annual';
import { EXCEL_MSG } from './messages';
import { parseAnnualSheets, sortProblems } from './parse';
import { plainSheet, readWorkbookSheets } from './parse-pool';
import { templateSecret } from './template';
import { fail422, throughUploadGate, type UploadFailure } from './upload';

export interface AnnualUploadRequest {
  services: Services;
  user: SessionUser;
  ip: string | null;
  /** Checked by `beginAnnualEdit` before the file was read. */
  target: AnnualEditTarget;
  submit: boolean;
  fileName: string;
  bytes: Buffer;
}

export type AnnualUploadOutcome = AnnualUploadSuccess | UploadFailure;

export function processAnnualUpload(req: AnnualUploadRequest): Promise<AnnualUploadOutcome> {
  return throughUploadGate(() => processChecked(req));
}

async function processChecked(req: AnnualUploadRequest): Promise<AnnualUploadOutcome> {
  const { services, target } = req;
  const { unit, year } = target;
  const settings = annualYearSettings(services.db, year);
  const format = annualFormat(settings.formatId);
  const layout = annualSheetLayout(format);
  // The workbook's sheets in its order (annual.ts builds them so): what is read, and how problems are ordered.
  const sheetOrder = [...layout.tables.map((t) => t.name), SHEET_TEXTS];
  const read = await readWorkbookSheets(req.fileName, req.bytes, sheetOrder);
  if (!read.ok) return { ok: false, status: 400, error: read.message };

  const meta = annualMetaOf(read.meta);
  if (!meta) return { ok: false, status: 422, error: EXCEL_MSG.annualNotTemplate };
  if (!annualChecksumMatches(templateSecret(services.db, false), meta)) return { ok: false, status: 422, error: EXCEL_MSG.checksum };
  if (meta.unitCode !== unit.code || meta.year !== String(year)) {
    const got = services.units.get(meta.unitCode)?.name ?? meta.unitName;
    return { ok: false, status: 422, error: EXCEL_MSG.annualOther(`${got}（${meta.unitCode}） ${meta.year}年度`, `${unit.name}（${unit.code}） ${year}年度`) };
  }
  if (meta.formatId !== format.id) return { ok: false, status: 422, error: EXCEL_MSG.annualFormat(meta.formatId, format.id) };

  const sheets = Object.fromEntries(Object.entries(read.sheets).map(([name, s]) => [name, s ? plainSheet(s) : null]));
  const parsed = parseAnnualSheets(sheets, format);
  const ctx: WorkflowCtx = { db: services.db, units: services.units, user: req.user, actor: { accountId: req.user.accountId, username: req.user.username, ip: req.ip }, now: services.now() };
  const locate = (key: string) => {
    const at = layout.at.get(key);
    return at ? { sheet: at.sheet, cell: at.address } : undefined;
  };
  try {
    const saved = saveAnnualReport(ctx, {
      mode: req.submit ? 'submit' : 'draft',
      source: 'excel',
      unitCode: unit.code,
      year,
      revision: target.report?.revision ?? 0,
      data: parsed.data,
      checked: target,
      readProblems: parsed.problems,
      locate,
      upload: { fileName: req.fileName, size: req.bytes.length, sha256: createHash('sha256').update(req.bytes).digest('hex') },
    });
    return {
      ok: true,
      message: req.submit ? `已上传并报送${year}年度政府信息公开工作年度报告（第 ${saved.version} 版）` : `已保存为草稿（第 ${saved.version} 版），请核对后在“年度报告”页报送`,
      reportId: saved.reportId,
      status: saved.status,
      revision: saved.revision,
      version: saved.version,
      submitted: req.submit,
      cells: Object.keys(parsed.data.cells).length,
      warnings: sortProblems(
        saved.warnings.map((w) => ({ ...(locate(w.cell) ?? { sheet: '', cell: '' }), message: w.message })),
        sheetOrder,
      ),
    };
  } catch (err) {
    if (err instanceof Invalid) {
      const problems: CellProblem[] = err.problems.map((p) => ({ sheet: p.sheet ?? '', cell: p.cell ?? '', message: p.message }));
      return fail422(req.bytes, sortProblems(problems, sheetOrder));
    }
    if (err instanceof Forbidden) return { ok: false, status: 403, error: err.message };
    if (err instanceof Conflict) return { ok: false, status: 409, error: err.message };
    if (err instanceof NotFound) return { ok: false, status: 404, error: err.message };
    throw err;
  }
}
