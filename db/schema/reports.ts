import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { periods } from './periods';
import { accounts } from './accounts';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;

/** One unit × one period. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    periodId: integer()
      .notNull()
      .references(() => periods.id),
    status: text({ enum: REPORT_STATUSES }).notNull(),
    /** Number of the newest version (the draft being edited, or the last submitted). */
    currentVersion: integer().notNull().default(1),
    /** Bumped on every write; the client sends it back to detect concurrent edits. */
    revision: integer().notNull().default(0),
    firstSubmittedAt: text(),
    lastSubmittedAt: text(),
    returnReason: text(),
    updatedAt: text().notNull(),
  },
  (t) => [uniqueIndex('reports_unit_period_idx').on(t.unitCode, t.periodId), index('reports_period_idx').on(t.periodId)],
);

/** Every version of a report is kept; a submitted version is never changed again. */
export const reportVersions = sqliteTable(
  'report_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    createdAt: text().notNull(),
    createdBy: integer().references(() => accounts.id),
    submittedAt: text(),
    submittedBy: integer().references(() => accounts.id),
    /** 'web' | 'excel' | 'seed' */
    source: text().notNull().default('web'),
    /**
     * SHA-256 of the submitted version's canonical content (unit, period, version, submitted time,
     * values) — the 回执 hash; set when the version is submitted (`db/repo/version-hash.ts`).
     */
    valuesHash: text(),
  },
  (t) => [uniqueIndex('report_versions_report_version_idx').on(t.reportId, t.version), index('report_versions_values_hash_idx').on(t.valuesHash)],
);

export const reportValues = sqliteTable(
  'report_values',
  {
    versionId: integer()
      .notNull()
      .references(() => reportVersions.id, { onDelete: 'cascade' }),
    indicatorCode: text().notNull(),
    date: text(),
    numerator: real(),
    denominator: real(),
    count: real(),
    yes: integer({ mode: 'boolean' }),
    extra: text({ mode: 'json' }),
    evidenceUrl: text(),
    evidenceFile: text(),
    note: text(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.indicatorCode] })],
);

/** submit / approve / accept / return / reopen — the review trail with reasons. */
export const reviewActions = sqliteTable(
  'review_actions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    action: text({ enum: ['submit', 'approve', 'accept', 'return', 'reopen'] }).notNull(),
    reason: text(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [index('review_actions_report_idx').on(t.reportId)],
);

export type ReportRow = typeof reports.$inferSelect;
