import { AuditListInput } from '../../shared/audit';
import { actorOf } from '../services/audit';
import { checkAuditChain, listAudit } from '../services/audit-log';
import { auditReaderProcedure, auditorProcedure, router } from '../trpc';

export const auditRouter = router({
  /** The audit log, newest first, in Chinese (action names, details 字段：修改前 → 修改后); filtered and paged. */
  list: auditReaderProcedure.input(AuditListInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.units, input)),

  /** 安全审计员: recomputes the whole hash chain and names the first broken row; the check is itself audited. */
  verify: auditorProcedure.mutation(({ ctx }) => checkAuditChain(ctx.db, ctx.sqlite, actorOf(ctx), ctx.now())),
});
