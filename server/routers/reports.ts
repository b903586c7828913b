import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import { accounts, reportVersions } from '../../db/schema';
import { readValues, versionRow } from '../../db/repo/reports';
import { diffValues } from '../../shared/report-diff';
import { ReportKey, SaveReportInput } from '../../shared/reports';
import { NotFound } from '../errors';
import { evidenceFileNames, loadPeriodById, loadReportById, loadReportView, loadSchemeForPeriod } from '../services/report-context';
import { saveReport } from '../services/reporting';
import { assertUnitAccess, mayReport } from '../access';
import { businessProcedure, officeProcedure, reporterProcedure, router } from '../trpc';
import { reportReceipt, verifyReceipt } from '../services/receipts';
import { workflowCtx } from './workflow-ctx';

const ReportId = z.strictObject({ reportId: z.number().int().positive() });

export const reportsRouter = router({
  /** The form of one unit × period: applicable indicators, current values, status, deadline, flags, history. */
  get: businessProcedure.input(ReportKey).query(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'read');
    const view = loadReportView(ctx.db, unit, input.periodCode, ctx.now());
    const mayWrite = mayReport(ctx.user, unit);
    return { ...view, editBlock: mayWrite ? view.editBlock : '只读：仅本单位账号可以填报' };
  }),

  /** Saves the draft; `revision` must be the one loaded (else CONFLICT). Warnings are returned, errors refused. */
  saveDraft: reporterProcedure
    .input(SaveReportInput)
    .mutation(({ ctx, input }) => saveReport(workflowCtx(ctx), { ...input, mode: 'draft', source: 'web' })),

  /** Validates fully and submits the current version (it is frozen from then on). */
  submit: reporterProcedure
    .input(SaveReportInput)
    .mutation(({ ctx, input }) => saveReport(workflowCtx(ctx), { ...input, mode: 'submit', source: 'web' })),

  /** Every version of a report with who submitted it and when. */
  versions: businessProcedure.input(ReportId).query(({ ctx, input }) => {
    const report = loadReportById(ctx.db, input.reportId);
    assertUnitAccess(ctx, report.unitCode, 'read');
    return ctx.db
      .select({
        version: reportVersions.version,
        createdAt: reportVersions.createdAt,
        submittedAt: reportVersions.submittedAt,
        submittedBy: accounts.displayName,
        source: reportVersions.source,
      })
      .from(reportVersions)
      .leftJoin(accounts, eq(accounts.id, reportVersions.submittedBy))
      .where(eq(reportVersions.reportId, report.id))
      .orderBy(asc(reportVersions.version))
      .all();
  }),

  /** 回执 of a submitted version (default: the newest): unit, period, version, submitted when and by whom, values, hash. */
  receipt: businessProcedure.input(ReportId.extend({ version: z.number().int().min(1).optional() })).query(({ ctx, input }) => {
    const report = loadReportById(ctx.db, input.reportId);
    const unit = assertUnitAccess(ctx, report.unitCode, 'read');
    return reportReceipt(ctx.db, ctx.units, unit, report, input.version, ctx.now());
  }),

  /** The office checks a receipt's hash: whose version it is and whether the stored values still match. */
  verifyReceipt: officeProcedure
    .input(z.strictObject({ hash: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, '回执哈希应为 64 位十六进制字符（0–9、a–f）') }))
    .query(({ ctx, input }) => verifyReceipt(ctx.db, ctx.units, input.hash)),

  /** One version beside the previous one, with the changed fields. */
  compare: businessProcedure.input(ReportId.extend({ version: z.number().int().min(1) })).query(({ ctx, input }) => {
    const report = loadReportById(ctx.db, input.reportId);
    const unit = assertUnitAccess(ctx, report.unitCode, 'read');
    const cur = versionRow(ctx.db, report.id, input.version);
    if (!cur) throw new NotFound(`第 ${input.version} 版不存在`);
    const prev = input.version > 1 ? versionRow(ctx.db, report.id, input.version - 1) : undefined;
    const current = readValues(ctx.db, cur.id);
    const previous = prev ? readValues(ctx.db, prev.id) : {};
    const period = loadPeriodById(ctx.db, report.periodId);
    const scheme = loadSchemeForPeriod(ctx.db, period).scheme;
    return {
      unit,
      period: { code: period.code, name: period.name },
      version: input.version,
      previousVersion: prev ? prev.version : null,
      indicators: scheme.indicators,
      current,
      previous,
      changes: prev ? diffValues(previous, current) : [],
      evidenceFiles: evidenceFileNames(ctx.db, current, previous),
    };
  }),
});

