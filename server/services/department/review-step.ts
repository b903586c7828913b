import type { Queryable as DB } from '../../../db/client';
import { notices } from '../../../db/schema';
import type { AuditAction } from '../../../shared/audit';
import { Conflict, Invalid } from '../../errors';
import { writeAudit } from '../audit';
import type { WorkflowCtx } from '../reporting';

export type ReviewedStatus = 'submitted' | 'accepted' | 'returned';

/** A division's record the office reviews: a task report, a budget item. */
export interface ReviewedRecord {
  id: number;
  unitCode: string;
  status: ReviewedStatus;
  revision: number;
  currentVersion: number;
}

export interface ReviewSpec {
  /** '任务报告', '该事项' — what the refusals call the record. */
  noun: string;
  statusNames: Record<ReviewedStatus, string>;
  /** The refusal when the revision read is stale. */
  stale: string;
  /** What the division's notice says was reviewed: '您处室关于任务“…”的报告', '部门预算“…”'. */
  what: string;
  titles: { accept: string; return: string };
  audit: { accept: AuditAction; return: AuditAction; entity: string };
  /** Writes the new status (only if the revision is still the one read) and returns the record as stored. */
  update: (tx: DB, set: { status: ReviewedStatus; revision: number; returnReason: string | null; updatedAt: string }) => { status: ReviewedStatus; revision: number; currentVersion: number };
  /** Appends the review to the record's trail. */
  trail: (tx: DB, row: { version: number; action: 'accept' | 'return'; reason: string | null; accountId: number; at: string }) => void;
}

/**
 * The office confirms (accept) or returns a division's record, inside the caller's transaction: the
 * revision must be the one read; only a submitted record can be confirmed, a submitted or confirmed one
 * returned, with a reason of at least two characters. The division is told; the audit row is written.
 */
export function reviewRecord(ctx: WorkflowCtx, tx: DB, action: 'accept' | 'return', r: ReviewedRecord, input: { revision: number; reason?: string }, spec: ReviewSpec) {
  if (r.revision !== input.revision) throw new Conflict(spec.stale);
  const from: ReviewedStatus[] = action === 'accept' ? ['submitted'] : ['submitted', 'accepted'];
  if (!from.includes(r.status)) throw new Conflict(`${spec.noun}当前状态为“${spec.statusNames[r.status]}”，不能${action === 'accept' ? '确认' : '退回'}`);
  const reason = input.reason?.trim() ?? '';
  if (action === 'return' && reason.length < 2) throw new Invalid('退回须填写理由', [{ path: 'reason', message: '请填写退回理由（至少 2 个字）' }]);
  const at = ctx.now.toISOString();
  const status: ReviewedStatus = action === 'accept' ? 'accepted' : 'returned';
  const updated = spec.update(tx, { status, revision: r.revision + 1, returnReason: action === 'return' ? reason : null, updatedAt: at });
  spec.trail(tx, { version: r.currentVersion, action, reason: reason || null, accountId: ctx.user.accountId, at });
  const by = ctx.user.displayName;
  tx.insert(notices)
    .values({
      unitCode: r.unitCode,
      kind: action === 'accept' ? 'accepted' : 'returned',
      title: spec.titles[action],
      body: action === 'accept' ? `${by}确认了${spec.what}（第 ${r.currentVersion} 版）。` : `${by}退回了${spec.what}（第 ${r.currentVersion} 版）。理由：${reason}`,
      createdAt: at,
    })
    .run();
  writeAudit(tx, ctx.actor, ctx.now, {
    action: spec.audit[action],
    entity: spec.audit.entity,
    entityId: r.id,
    unitCode: r.unitCode,
    before: { status: r.status, version: r.currentVersion },
    after: { status, version: r.currentVersion, reason: reason || null },
  });
  return { status: updated.status, revision: updated.revision, version: updated.currentVersion };
}
