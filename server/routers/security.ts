import { DEFAULT_POLICY, POLICY_LABELS, SecurityPolicy } from '../../shared/security-policy';
import { forgetPolicy, readPolicy, writePolicy } from '../auth/policy';
import { Conflict } from '../errors';
import { actorOf, writeAudit } from '../services/audit';
import { router, secadminProcedure } from '../trpc';

export const securityRouter = router({
  /** The security policy in force, with the defaults for comparison. */
  policy: secadminProcedure.query(({ ctx }) => ({ policy: readPolicy(ctx.db), defaults: DEFAULT_POLICY, labels: POLICY_LABELS })),

  /** Sets the whole policy; the change is audited field by field (before → after). */
  setPolicy: secadminProcedure.input(SecurityPolicy).mutation(({ ctx, input }) => {
    const before = readPolicy(ctx.db);
    const changed = (Object.keys(input) as (keyof SecurityPolicy)[]).filter((k) => input[k] !== before[k]);
    if (!changed.length) throw new Conflict('安全策略没有变化');
    ctx.db.transaction((tx) => {
      writePolicy(tx, input);
      writeAudit(tx, actorOf(ctx), ctx.now(), {
        action: 'security.setPolicy',
        entity: 'security_policy',
        entityId: 'policy',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
    });
    forgetPolicy(ctx.db);
    return { policy: readPolicy(ctx.db), changed };
  }),
});
