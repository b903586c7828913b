import { AuditListInput } from '../../shared/audit';
import { listAudit } from '../services/audit-log';
import { officeProcedure, router } from '../trpc';

export const auditRouter = router({
  /** The audit log, newest first, in Chinese (action names, details 字段：修改前 → 修改后); filtered and paged. */
  list: officeProcedure.input(AuditListInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.units, input)),
});
