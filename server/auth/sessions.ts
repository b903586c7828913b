import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Queryable as DB } from '../../db/client';
import { accounts, orgUnits, sessions } from '../../db/schema';
import type { Role, UnitLevel } from '../../shared/roles';

export const SESSION_COOKIE = 'zwgk_session';
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
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
}

export interface Session {
  tokenHash: string;
  user: SessionUser;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function createSession(db: DB, accountId: number, now: Date, meta: { ip?: string; userAgent?: string }): string {
  const token = randomBytes(32).toString('base64url');
  db.insert(sessions)
    .values({
      tokenHash: hashToken(token),
      accountId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

function buildLookup(db: DB) {
  return db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      accountId: accounts.id,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      active: accounts.active,
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

/** Looks a cookie token up; expired (8 idle hours) or unknown tokens give null. */
export function resolveSession(db: DB, token: string | undefined, now: Date): Session | null {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const row = sessionLookup(db).get({ tokenHash });
  if (!row || !row.active) return null;
  const idle = now.getTime() - Date.parse(row.lastSeenAt);
  if (idle > SESSION_IDLE_MS) {
    db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    return null;
  }
  if (idle > TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.tokenHash, tokenHash)).run();
  }
  const { lastSeenAt: _seen, active: _active, ...user } = row;
  return { tokenHash, user };
}

export function deleteSession(db: DB, tokenHash: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function deleteAccountSessions(db: DB, accountId: number, exceptTokenHash?: string): void {
  const rows = db.select({ h: sessions.tokenHash }).from(sessions).where(eq(sessions.accountId, accountId)).all();
  for (const r of rows) if (r.h !== exceptTokenHash) deleteSession(db, r.h);
}

