import { eq } from 'drizzle-orm';
import type { DB } from '../../db/client';
import { accounts, orgUnits } from '../../db/schema';
import type { Session } from '../../server/auth/sessions';
import { createContextInner, type Services } from '../../server/context';
import { createCaller } from '../../server/root';

/** A session for an existing account, without a cookie: for calling procedures in-process. */
export function sessionFor(db: DB, username: string): Session {
  const row = db
    .select({ a: accounts, u: orgUnits })
    .from(accounts)
    .innerJoin(orgUnits, eq(orgUnits.code, accounts.unitCode))
    .where(eq(accounts.username, username))
    .get();
  if (!row) throw new Error(`no account ${username}`);
  return {
    tokenHash: `test-${username}`,
    user: {
      accountId: row.a.id,
      username: row.a.username,
      displayName: row.a.displayName,
      role: row.a.role,
      unitCode: row.u.code,
      unitName: row.u.name,
      unitLevel: row.u.level,
      unitParentCode: row.u.parentCode,
      mustChangePassword: false,
    },
  };
}

/** `appRouter.createCaller` for an account (or anonymous with null). */
export function callerFor(services: Services, username: string | null) {
  return createCaller(createContextInner({ services, session: username ? sessionFor(services.db, username) : null }));
}
