import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { reports } from './reports';

/** Notices to a unit: returned reports, reminders, approvals. */
export const notices = sqliteTable(
  'notices',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    kind: text({ enum: ['returned', 'reminder', 'approved', 'accepted', 'reopened', 'submitted'] }).notNull(),
    title: text().notNull(),
    body: text().notNull(),
    reportId: integer().references(() => reports.id, { onDelete: 'cascade' }),
    createdAt: text().notNull(),
    readAt: text(),
  },
  (t) => [index('notices_unit_idx').on(t.unitCode), index('notices_report_idx').on(t.reportId)],
);
