import { z } from 'zod';
import { DivisionCode, DivisionInput } from '../../shared/ledger';
import { IsoDate } from '../../shared/scheme';
import { listDivisions, retireDivision, saveDivision } from '../services/department/divisions';
import { businessProcedure, officeProcedure, router } from '../trpc';
import { workflowCtx } from './workflow-ctx';

export const divisionsRouter = router({
  /** The department's divisions (处室) with their duties under the plan, including retired ones. */
  list: businessProcedure.query(({ ctx }) => listDivisions(ctx)),

  /** Adds a division or renames it / changes its duties (audited). */
  save: officeProcedure.input(DivisionInput).mutation(({ ctx, input }) => saveDivision(workflowCtx(ctx), input)),

  /** Retires a division from a day on (it keeps its history); null brings it back. */
  retire: officeProcedure
    .input(z.strictObject({ code: DivisionCode, validTo: IsoDate.nullable() }))
    .mutation(({ ctx, input }) => retireDivision(workflowCtx(ctx), input.code, input.validTo)),
});
