import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { notices } from '../../db/schema';
import type { SessionUser } from '../auth/sessions';
import { Forbidden } from '../errors';
import { policyOf } from '../access';

/**
 * Marks the given notices (or all of the unit's) as read. Notices belong to a unit; a read-only
 * account (the leader) changes nothing, not even the office's unread marks.
 */
export function markNoticesRead(db: Queryable, user: SessionUser, now: Date, ids?: number[]): { updated: number } {
  if (policyOf(user.role).writes === 'none') throw new Forbidden('只读账号不能更改通知状态');
  const where = and(eq(notices.unitCode, user.unitCode), isNull(notices.readAt), ids ? inArray(notices.id, ids) : undefined);
  const res = db.update(notices).set({ readAt: now.toISOString() }).where(where).run();
  return { updated: res.changes };
}
