import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { ROLES } from '../../shared/roles';

export const accounts = sqliteTable('accounts', {
  id: integer().primaryKey({ autoIncrement: true }),
  username: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  role: text({ enum: ROLES }).notNull(),
  unitCode: text()
    .notNull()
    .references(() => orgUnits.code),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: text().notNull(),
  passwordChangedAt: text(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: text().primaryKey(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: text().notNull(),
    lastSeenAt: text().notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);
