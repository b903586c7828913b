import { DEFAULT_POLICY, POLICY_LABELS, SecurityPolicy } from '../../shared/security-policy';
import { readPolicy } from '../auth/policy';
import { actorOf } from '../services/audit';
import { setSecurityPolicy } from '../services/security-policy';
import { router, secadminProcedure } from '../trpc';

export const securityRouter = router({
  /** The security policy in force, with the defaults for comparison. */
  policy: secadminProcedure.query(({ ctx }) => ({ policy: readPolicy(ctx.db), defaults: DEFAULT_POLICY, labels: POLICY_LABELS })),

  /** Sets the whole policy; the change is audited field by field (before → after). */
  setPolicy: secadminProcedure.input(SecurityPolicy).mutation(({ ctx, input }) => setSecurityPolicy(ctx.db, actorOf(ctx), ctx.now(), input)),
});
