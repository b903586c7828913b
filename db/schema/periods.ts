import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { schemes } from './scheme';
import { accounts } from './accounts';

/** The reporting periods of a scheme's year: opens, due, locks. */
export const periods = sqliteTable(
  'periods',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    schemeId: integer()
      .notNull()
      .references(() => schemes.id, { onDelete: 'cascade' }),
    code: text().notNull().unique(),
    name: text().notNull(),
    opens: text().notNull(),
    due: text().notNull(),
    locks: text().notNull(),
    annual: integer({ mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('periods_scheme_code_idx').on(t.schemeId, t.code)],
);

/** The office extends one unit's due date for a period, with a reason. */
export const dueExtensions = sqliteTable(
  'due_extensions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    periodId: integer()
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    due: text().notNull(),
    reason: text().notNull(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [uniqueIndex('due_extensions_period_unit_idx').on(t.periodId, t.unitCode)],
);
