import type { Queryable } from '../../db/client';
import { readSetting, writeSetting } from '../../db/repo/settings';
import { DEFAULT_POLICY, SecurityPolicy } from '../../shared/security-policy';

export const POLICY_KEY = 'security.policy';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The security policy, read once per database and kept until it is written again (every request
 * checks the session times, so it must not cost a query each time). A stored value that no longer
 * parses falls back to the defaults rather than locking everybody out.
 */
const cache = new WeakMap<object, SecurityPolicy>();

export function readPolicy(db: Queryable): SecurityPolicy {
  const hit = cache.get(db);
  if (hit) return hit;
  const raw = readSetting(db, POLICY_KEY);
  let policy: SecurityPolicy = DEFAULT_POLICY;
  if (raw) {
    const parsed = SecurityPolicy.safeParse({ ...DEFAULT_POLICY, ...(JSON.parse(raw) as object) });
    if (parsed.success) policy = parsed.data;
  }
  cache.set(db, policy);
  return policy;
}

/** Stores the policy (inside the caller's transaction); call `forgetPolicy` once it is committed. */
export function writePolicy(db: Queryable, policy: SecurityPolicy): void {
  writeSetting(db, POLICY_KEY, JSON.stringify(policy));
}

export function forgetPolicy(db: object): void {
  cache.delete(db);
}

/** When the account's password expires, or null when passwords do not expire. */
export function passwordExpiresAt(policy: SecurityPolicy, account: { passwordChangedAt: string | null; createdAt: string }): Date | null {
  if (policy.expiryDays === 0) return null;
  const since = Date.parse(account.passwordChangedAt ?? account.createdAt);
  return new Date(since + policy.expiryDays * DAY_MS);
}

/** Whether the account must change its password before doing anything else (one-time or expired). */
export function mustChangePassword(
  policy: SecurityPolicy,
  account: { mustChangePassword: boolean; passwordChangedAt: string | null; createdAt: string },
  now: Date,
): boolean {
  if (account.mustChangePassword) return true;
  const expires = passwordExpiresAt(policy, account);
  return !!expires && expires.getTime() <= now.getTime();
}

/** Days until the password expires when within the warning period, else null. */
export function expiryWarningDays(policy: SecurityPolicy, account: { passwordChangedAt: string | null; createdAt: string }, now: Date): number | null {
  const expires = passwordExpiresAt(policy, account);
  if (!expires) return null;
  const left = Math.ceil((expires.getTime() - now.getTime()) / DAY_MS);
  return left > 0 && left <= policy.expiryWarnDays ? left : null;
}
