import { prepared, type Queryable } from '../client';
import type { notices } from '../schema';

export type NoticeKind = typeof notices.$inferInsert.kind;

/** A notice to a unit's accounts (the bell). Prepared once per connection: every submission leaves one. */
export function insertNotice(db: Queryable, n: { unitCode: string; kind: NoticeKind; title: string; body: string; reportId: number | null; createdAt: string }): void {
  prepared(db, 'insert into notices (unit_code, kind, title, body, report_id, created_at) values (?, ?, ?, ?, ?, ?)').run(n.unitCode, n.kind, n.title, n.body, n.reportId, n.createdAt);
}
