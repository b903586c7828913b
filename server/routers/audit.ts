import { AuditListInput } from '../../shared/audit';
import { listAudit } from '../services/audit-log';
import { auditReaderProcedure, router } from '../trpc';

export const auditRouter = router({
  /** The audit log, newest first, in Chinese (action names, details 字段：修改前 → 修改后); filtered and paged. */
  list: auditReaderProcedure.input(AuditListInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.units, input)),
});
