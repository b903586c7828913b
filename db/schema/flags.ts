import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { reports } from './reports';
import { accounts } from './accounts';

/** A reviewer's flag on one value, for follow-up, with a comment. */
export const reviewFlags = sqliteTable(
  'review_flags',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    indicatorCode: text().notNull(),
    comment: text().notNull(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
    resolvedAt: text(),
  },
  (t) => [index('review_flags_report_idx').on(t.reportId)],
);
