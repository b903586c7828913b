import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Queryable as DB } from '../../db/client';
import { accounts, orgUnits, sessions } from '../../db/schema';
import type { Role, UnitLevel } from '../../shared/roles';
import { mustChangePassword, readPolicy } from './policy';

export const SESSION_COOKIE = 'zwgk_session';
const MINUTE_MS = 60 * 1000;
/** lastSeenAt is written at most this often, so reads do not turn into writes on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionUser {
  accountId: number;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  unitName: string;
  unitLevel: UnitLevel;
  unitParentCode: string | null;
  /** A one-time or expired password: until it is changed, the account may do nothing else. */
  mustChangePassword: boolean;
}

export interface Session {
  tokenHash: string;
  user: SessionUser;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
  /** The account's previous successful login and the failures since, shown after this login. */
  previousLoginAt?: string | null;
  previousLoginIp?: string | null;
  failuresBefore?: number;
}

export function createSession(db: DB, accountId: number, now: Date, meta: SessionMeta): string {
  const token = randomBytes(32).toString('base64url');
  db.insert(sessions)
    .values({
      tokenHash: hashToken(token),
      accountId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      previousLoginAt: meta.previousLoginAt ?? null,
      previousLoginIp: meta.previousLoginIp ?? null,
      failuresBefore: meta.failuresBefore ?? 0,
    })
    .run();
  return token;
}

function buildLookup(db: DB) {
  return db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      startedAt: sessions.createdAt,
      accountId: accounts.id,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      active: accounts.active,
      oneTime: accounts.mustChangePassword,
      passwordChangedAt: accounts.passwordChangedAt,
      createdAt: accounts.createdAt,
      unitCode: orgUnits.code,
      unitName: orgUnits.name,
      unitLevel: orgUnits.level,
      unitParentCode: orgUnits.parentCode,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(orgUnits, eq(orgUnits.code, accounts.unitCode))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare();
}

/**
 * The session lookup runs on every request, so it is prepared once per database: an unprepared
 * drizzle query costs ≈ 150 µs, the prepared one ≈ 15 µs (docs/performance.md).
 */
const lookups = new WeakMap<object, ReturnType<typeof buildLookup>>();
function sessionLookup(db: DB) {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = buildLookup(db)));
  return lookup;
}

/** How long sessions live under the security policy: idle timeout and absolute lifetime, in ms. */
export function sessionLimits(db: DB): { idleMs: number; lifetimeMs: number } {
  const policy = readPolicy(db);
  return { idleMs: policy.idleMinutes * MINUTE_MS, lifetimeMs: policy.sessionHours * 60 * MINUTE_MS };
}

/**
 * Looks a cookie token up; unknown tokens, disabled accounts and sessions past the idle timeout or
 * the absolute lifetime of the security policy give null (and an expired session is deleted).
 */
export function resolveSession(db: DB, token: string | undefined, now: Date): Session | null {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const row = sessionLookup(db).get({ tokenHash });
  if (!row || !row.active) return null;
  const { idleMs, lifetimeMs } = sessionLimits(db);
  const idle = now.getTime() - Date.parse(row.lastSeenAt);
  if (idle > idleMs || now.getTime() - Date.parse(row.startedAt) > lifetimeMs) {
    db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    return null;
  }
  if (idle > TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.tokenHash, tokenHash)).run();
  }
  const { lastSeenAt: _seen, startedAt: _started, active: _active, oneTime, passwordChangedAt, createdAt, ...user } = row;
  const mustChange = mustChangePassword(readPolicy(db), { mustChangePassword: oneTime, passwordChangedAt, createdAt }, now);
  return { tokenHash, user: { ...user, mustChangePassword: mustChange } };
}

/** The session's account for the plain HTTP routes: none while its password must be changed first. */
export function usableUser(session: Session | null): SessionUser | null {
  return session && !session.user.mustChangePassword ? session.user : null;
}

export function deleteSession(db: DB, tokenHash: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function deleteAccountSessions(db: DB, accountId: number, exceptTokenHash?: string): void {
  const rows = db.select({ h: sessions.tokenHash }).from(sessions).where(eq(sessions.accountId, accountId)).all();
  for (const r of rows) if (r.h !== exceptTokenHash) deleteSession(db, r.h);
}

