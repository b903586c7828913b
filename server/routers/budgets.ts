import { z } from 'zod';
import { today } from '../../shared/dates';
import { BudgetItemInput } from '../../shared/budget';
import { DivisionCode } from '../../shared/ledger';
import { readsOwnLedgerOnly } from '../access';
import { Forbidden } from '../errors';
import { budgetItemHistory, budgetRows, reviewBudgetItem, saveBudgetItem } from '../services/department/budgets';
import { divisionProcedure, ledgerReaderProcedure, officeProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

const Year = z.number().int().min(2000).max(2100);
const Review = z.strictObject({ id: z.number().int().positive(), revision: z.number().int().min(0) });

/**
 * Budgets and final accounts (第十三条): the division that publishes them records each item with its
 * approval and publication dates; the office confirms or returns it; the `budget` rule scores publication
 * within 20 days of approval. Readers as for the task ledger: the office and leaders all, a division its own.
 */
export const budgetsRouter = router({
  /** Items whose deadline falls in the assessment year (all years without one), each against its deadline today. */
  list: ledgerReaderProcedure.input(z.strictObject({ year: Year.optional(), division: DivisionCode.optional() })).query(({ ctx, input }) => {
    const ownOnly = readsOwnLedgerOnly(ctx.user);
    if (ownOnly && input.division && input.division !== ctx.user.unitCode) throw new Forbidden('处室只能查看本处室的预算决算公开事项');
    const day = today(ctx.now());
    return { today: day, rows: budgetRows(ctx.db, ctx.units, { year: input.year, division: ownOnly ? ctx.user.unitCode : input.division }, day) };
  }),

  /** A division records an item (no id) or corrects its own unconfirmed one: a new version each time. */
  save: divisionProcedure.input(BudgetItemInput).mutation(({ ctx, input }) => saveBudgetItem(workflowCtx(ctx), input)),

  accept: officeProcedure.input(Review).mutation(({ ctx, input }) => reviewBudgetItem(workflowCtx(ctx), 'accept', input)),

  return: officeProcedure
    .input(Review.extend({ reason: z.string().trim().min(2, '请填写退回理由（至少 2 个字）').max(500) }))
    .mutation(({ ctx, input }) => reviewBudgetItem(workflowCtx(ctx), 'return', input)),

  /** Versions and review trail of one item. */
  history: ledgerReaderProcedure.input(z.strictObject({ id: z.number().int().positive() })).query(({ ctx, input }) => {
    const h = budgetItemHistory(ctx.db, input.id);
    if (readsOwnLedgerOnly(ctx.user) && h.item.unitCode !== ctx.user.unitCode) throw new Forbidden('处室只能查看本处室的预算决算公开事项');
    return h;
  }),
});
