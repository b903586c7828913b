import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';

/** Failed logins of existing accounts: the lockout window and "failures since your last login". */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    at: text().notNull(),
    ip: text(),
  },
  (t) => [index('login_failures_account_idx').on(t.accountId, t.at)],
);

/** Hashes of an account's earlier passwords, so that none of the last N is chosen again. */
export const passwordHistory = sqliteTable(
  'password_history',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    passwordHash: text().notNull(),
    changedAt: text().notNull(),
  },
  (t) => [index('password_history_account_idx').on(t.accountId, t.changedAt)],
);
