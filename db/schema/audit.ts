import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Every write, in the same transaction as the write. */
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
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_unit_idx').on(t.unitCode), index('audit_report_idx').on(t.reportId)],
);
