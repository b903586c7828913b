/**
 * The security policy (password rules, lockout, session limits) as the security administrator sets
 * it: one write, audited field by field (before → after).
 */
import type { DB } from '../../db/client';
import type { SecurityPolicy } from '../../shared/security-policy';
import { forgetPolicy, readPolicy, writePolicy } from '../auth/policy';
import { Conflict } from '../errors';
import { writeAudit, type AuditActor } from './audit';

/** Sets the whole policy; refuses an unchanged one. Returns the policy in force and the changed fields. */
export function setSecurityPolicy(db: DB, actor: AuditActor, now: Date, input: SecurityPolicy): { policy: SecurityPolicy; changed: (keyof SecurityPolicy)[] } {
  const before = readPolicy(db);
  const changed = (Object.keys(input) as (keyof SecurityPolicy)[]).filter((k) => input[k] !== before[k]);
  if (!changed.length) throw new Conflict('安全策略没有变化');
  db.transaction((tx) => {
    writePolicy(tx, input);
    writeAudit(tx, actor, now, {
      action: 'security.setPolicy',
      entity: 'security_policy',
      entityId: 'policy',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
    });
  });
  forgetPolicy(db);
  return { policy: readPolicy(db), changed };
}
