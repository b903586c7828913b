import { assertUnitAccess, mayReport, readableUnitCodes } from '../access';
import { Forbidden } from '../errors';
import {
  annualGrid,
  annualReportView,
  annualSummary,
  annualVersions,
  compareAnnual,
  loadAnnualReportById,
  remindAnnual,
  reviewAnnualReport,
  saveAnnualReport,
  setAnnualDue,
} from '../services/annual-reports';
import {
  AnnualCompareInput,
  AnnualGridInput,
  AnnualKey,
  AnnualReportId,
  AnnualReturnInput,
  AnnualReviewInput,
  AnnualSaveInput,
  AnnualSetDueInput,
  AnnualYear,
} from '../../shared/annual-report/inputs';
import { z } from 'zod';
import { businessProcedure, officeProcedure, reporterProcedure, reviewerProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

/** 政府信息公开工作年度报告: the same workflow as progress reports, one report per unit and year. */
export const annualReportsRouter = router({
  /** The form of one unit × year: format id, current data, status, due date, timeliness, last year's accepted report, history. */
  get: businessProcedure.input(AnnualKey).query(({ ctx, input }) => {
    const unit = assertUnitAccess(ctx, input.unitCode, 'read');
    const mayWrite = mayReport(ctx.user, unit);
    return annualReportView(ctx.db, unit, input.year, ctx.now(), mayWrite);
  }),

  /** Saves the draft (blank cells allowed; whatever is filled must be consistent). Warnings are returned. */
  saveDraft: reporterProcedure.input(AnnualSaveInput).mutation(({ ctx, input }) => {
    assertUnitAccess(ctx, input.unitCode, 'write');
    return saveAnnualReport(workflowCtx(ctx), { ...input, mode: 'draft', source: 'web' });
  }),

  /** Checks fully and submits the current version (frozen from then on). */
  submit: reporterProcedure.input(AnnualSaveInput).mutation(({ ctx, input }) => {
    assertUnitAccess(ctx, input.unitCode, 'write');
    return saveAnnualReport(workflowCtx(ctx), { ...input, mode: 'submit', source: 'web' });
  }),

  versions: businessProcedure.input(AnnualReportId).query(({ ctx, input }) => {
    const report = loadAnnualReportById(ctx.db, input.reportId);
    assertUnitAccess(ctx, report.unitCode, 'read');
    return annualVersions(ctx.db, report.id);
  }),

  /** One version beside the previous one, with the changed cells named by table, row and column. */
  compare: businessProcedure.input(AnnualCompareInput).query(({ ctx, input }) => {
    const report = loadAnnualReportById(ctx.db, input.reportId);
    assertUnitAccess(ctx, report.unitCode, 'read');
    return compareAnnual(ctx.db, report, input.version);
  }),

  approve: reviewerProcedure.input(AnnualReviewInput).mutation(({ ctx, input }) => reviewAnnualReport(workflowCtx(ctx), 'approve', input)),
  accept: officeProcedure.input(AnnualReviewInput).mutation(({ ctx, input }) => reviewAnnualReport(workflowCtx(ctx), 'accept', input)),
  return: reviewerProcedure.input(AnnualReturnInput).mutation(({ ctx, input }) => reviewAnnualReport(workflowCtx(ctx), 'return', input)),
  reopen: officeProcedure.input(AnnualReturnInput).mutation(({ ctx, input }) => reviewAnnualReport(workflowCtx(ctx), 'reopen', input)),

  /** Units in scope with their annual report's status and timeliness (on time = published by the due date). */
  grid: businessProcedure.input(AnnualGridInput).query(({ ctx, input }) => {
    const scope = readableUnitCodes(ctx.user, (c) => ctx.units.childrenOf(c));
    if (input.cityCode) assertUnitAccess(ctx, input.cityCode, 'read');
    const units = ctx.units
      .all()
      .filter((u) => scope === 'all' || scope.has(u.code))
      .filter((u) => !input.cityCode || u.code === input.cityCode || u.parentCode === input.cityCode);
    return annualGrid(ctx.db, units, input.year, ctx.now());
  }),

  /** Province and per-city totals over accepted reports, disclosure rate, units missing / late / breaking a rule (office and leaders). */
  summary: businessProcedure.input(z.strictObject({ year: AnnualYear })).query(({ ctx, input }) => {
    if (readableUnitCodes(ctx.user, (c) => ctx.units.childrenOf(c)) !== 'all') throw new Forbidden('年度报告全省汇总仅厅办公室和厅领导可以查看');
    return annualSummary(ctx.db, ctx.units, input.year, ctx.now());
  }),

  /** The office sets the year's due date (default 31 January of the following year). */
  setDue: officeProcedure.input(AnnualSetDueInput).mutation(({ ctx, input }) => setAnnualDue(workflowCtx(ctx), input.year, input.due)),

  /** The office reminds exactly the units that have not submitted the year's report. */
  remind: officeProcedure.input(z.strictObject({ year: AnnualYear })).mutation(({ ctx, input }) => remindAnnual(workflowCtx(ctx), ctx.units, input.year)),
});
