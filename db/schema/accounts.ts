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
  /** Mobile number of the named person holding the account (personal information: shown to administrators only). */
  phone: text(),
  /** A one-time password (new account, reset) must be changed at the next login. */
  mustChangePassword: integer({ mode: 'boolean' }).notNull().default(false),
  /** Locked after too many failed logins until this instant (automatic unlock), or null. */
  lockedUntil: text(),
  /** Failed logins count towards a lockout only after this instant (set by a success, a lock or an unlock). */
  failuresCountFrom: text(),
  lastLoginAt: text(),
  lastLoginIp: text(),
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
    /** Shown after login: the account's previous successful login and the failed attempts since. */
    previousLoginAt: text(),
    previousLoginIp: text(),
    failuresBefore: integer().notNull().default(0),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);
