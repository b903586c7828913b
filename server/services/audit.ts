import type { Queryable as DB } from '../../db/client';
import { appendAuditRows } from '../../db/audit-chain';
import type { AuditAction } from '../../shared/audit';

export interface AuditActor {
  accountId: number | null;
  username: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  /** Only actions with a Chinese name in shared/audit.ts can be written. */
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  unitCode?: string | null;
  reportId?: number | null;
  before?: unknown;
  after?: unknown;
}

let generation = 0;

/**
 * Grows with every audited write. Every write is audited, so caches of derived data (scores,
 * rankings) compare it to know they are stale. (A rolled-back write bumps it too: a harmless miss.)
 */
export function writeGeneration(): number {
  return generation;
}

/** Appends one row to the audit chain. Call it inside the transaction of the write it records. */
export function writeAudit(db: DB, actor: AuditActor, at: Date, entry: AuditEntry): void {
  generation++;
  appendAuditRows(db, [
    {
      at: at.toISOString(),
      accountId: actor.accountId,
      username: actor.username,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      unitCode: entry.unitCode ?? null,
      reportId: entry.reportId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: actor.ip ?? null,
    },
  ]);
}

export function actorOf(ctx: { session: { user: { accountId: number; username: string } } | null; ip?: string }): AuditActor {
  return {
    accountId: ctx.session?.user.accountId ?? null,
    username: ctx.session?.user.username ?? null,
    ip: ctx.ip ?? null,
  };
}
