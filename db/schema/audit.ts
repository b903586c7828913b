import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Every write, in the same transaction as the write. Append-only: each row carries the SHA-256 of its
 * canonical serialisation chained to the previous row's hash (`db/audit-chain.ts`); triggers refuse
 * UPDATE and DELETE (migration `0001_audit_chain`), except deleting rows an `audit.archive` row covers.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: text().notNull(),
    accountId: integer(),
    username: text(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    unitCode: text(),
    reportId: integer(),
    before: text({ mode: 'json' }),
    after: text({ mode: 'json' }),
    ip: text(),
    /** The previous row's `hash` (64 zeros for the first row ever written). */
    prevHash: text(),
    /** SHA-256 (hex) of this row's canonical serialisation, which includes `prevHash`. */
    hash: text(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_unit_idx').on(t.unitCode),
    index('audit_report_idx').on(t.reportId),
    index('audit_action_idx').on(t.action),
    index('audit_username_idx').on(t.username),
    // Two rows chained to the same predecessor would fork the chain: refused by the database.
    uniqueIndex('audit_prev_hash_uq').on(t.prevHash),
  ],
);
