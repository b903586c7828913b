import { z } from 'zod';
import { Forbidden } from '../errors';
import { DivisionCode, LedgerTaskDef, TaskReportInput } from '../../shared/ledger';
import { asc, eq } from 'drizzle-orm';
import { ledgerTasks, taskReports } from '../../db/schema';
import { businessProcedure, divisionProcedure, ledgerReaderProcedure, officeProcedure, router } from '../trpc';
import { readsOwnLedgerOnly } from '../access';
import { today } from '../../shared/dates';
import { ledgerRows, remindOverdueTasks, reviewTaskReport, saveLedgerTask, submitTaskReport, taskReportHistory } from '../services/department/ledger';
import { workflowCtx } from './workflow-ctx';

const Year = z.number().int().min(2000).max(2100);
export const LedgerListInput = z.strictObject({
  year: Year,
  clause: z.string().trim().max(20).optional(),
  division: DivisionCode.optional(),
  status: z.enum(['not_started', 'in_progress', 'done', 'overdue']).optional(),
});

/** The office, leaders and divisions read the ledger; a division sees only its own rows. */
const ledgerReader = ledgerReaderProcedure;

export const ledgerRouter = router({
  /** Every task instance × owner with status and days overdue, filtered; a division gets its own rows. */
  list: ledgerReader.input(LedgerListInput).query(({ ctx, input }) => {
    const ownOnly = readsOwnLedgerOnly(ctx.user);
    if (ownOnly && input.division && input.division !== ctx.user.unitCode) throw new Forbidden('处室只能查看本处室的台账任务');
    const division = ownOnly ? ctx.user.unitCode : input.division;
    const day = today(ctx.now());
    return { today: day, rows: ledgerRows(ctx.db, ctx.units, { ...input, division }, day) };
  }),

  /** The task definitions of a year (the office edits them). */
  tasks: ledgerReader.input(z.strictObject({ year: Year })).query(({ ctx, input }) =>
    ctx.db.select().from(ledgerTasks).where(eq(ledgerTasks.year, input.year)).orderBy(asc(ledgerTasks.position)).all(),
  ),

  /** Years that have ledger tasks. */
  years: businessProcedure.query(({ ctx }) =>
    [...new Set(ctx.db.select({ y: ledgerTasks.year }).from(ledgerTasks).all().map((r) => r.y))].sort((a, b) => b - a),
  ),

  /** A division reports progress on one of its task instances (a new version each time). */
  report: divisionProcedure.input(TaskReportInput).mutation(({ ctx, input }) => submitTaskReport(workflowCtx(ctx), input)),

  accept: officeProcedure
    .input(z.strictObject({ taskReportId: z.number().int().positive(), revision: z.number().int().min(0) }))
    .mutation(({ ctx, input }) => reviewTaskReport(workflowCtx(ctx), 'accept', input)),

  return: officeProcedure
    .input(z.strictObject({ taskReportId: z.number().int().positive(), revision: z.number().int().min(0), reason: z.string().trim().min(2, '请填写退回理由（至少 2 个字）').max(500) }))
    .mutation(({ ctx, input }) => reviewTaskReport(workflowCtx(ctx), 'return', input)),

  /** Versions and review trail of one task report. */
  history: ledgerReader.input(z.strictObject({ taskReportId: z.number().int().positive() })).query(({ ctx, input }) => {
    const owner = ctx.db.select({ unitCode: taskReports.unitCode }).from(taskReports).where(eq(taskReports.id, input.taskReportId)).get();
    if (owner && readsOwnLedgerOnly(ctx.user) && owner.unitCode !== ctx.user.unitCode) throw new Forbidden('处室只能查看本处室的任务报告');
    return taskReportHistory(ctx.db, input.taskReportId);
  }),

  /** Reminds the owners of every overdue, unfinished task of a year through notices. */
  remind: officeProcedure.input(z.strictObject({ year: Year })).mutation(({ ctx, input }) => remindOverdueTasks(workflowCtx(ctx), input.year, today(ctx.now()))),

  /** Adds a task to a year's ledger (no id) or changes one. */
  saveTask: officeProcedure
    .input(z.strictObject({ year: Year, id: z.number().int().positive().optional(), task: LedgerTaskDef }))
    .mutation(({ ctx, input }) => saveLedgerTask(workflowCtx(ctx), { ...input.task, year: input.year, id: input.id })),
});
