import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { periods } from './scheme';
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
  },
  (t) => [uniqueIndex('report_versions_report_version_idx').on(t.reportId, t.version)],
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

/** Uploaded evidence, stored under data/evidence by content hash. */
export const evidenceFiles = sqliteTable('evidence_files', {
  hash: text().primaryKey(),
  originalName: text().notNull(),
  mime: text().notNull(),
  size: integer().notNull(),
  unitCode: text()
    .notNull()
    .references(() => orgUnits.code),
  uploadedBy: integer().references(() => accounts.id),
  uploadedAt: text().notNull(),
});

export const adjustments = sqliteTable(
  'adjustments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    year: integer().notNull(),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    /** ± points in hundredths. */
    cents: integer().notNull(),
    reason: text().notNull(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [index('adjustments_year_unit_idx').on(t.year, t.unitCode)],
);

export const rankingPublications = sqliteTable(
  'ranking_publications',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    year: integer().notNull(),
    version: integer().notNull(),
    reason: text(),
    accountId: integer().references(() => accounts.id),
    publishedAt: text().notNull(),
    snapshot: text({ mode: 'json' }).notNull(),
  },
  (t) => [uniqueIndex('ranking_publications_year_version_idx').on(t.year, t.version)],
);

export type ReportRow = typeof reports.$inferSelect;
export type ReportVersionRow = typeof reportVersions.$inferSelect;
export type ReportValueRow = typeof reportValues.$inferSelect;

/** The reviewer's score for a `manual` indicator of a unit's year, with the written reason. */
export const manualScores = sqliteTable(
  'manual_scores',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    year: integer().notNull(),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    indicatorCode: text().notNull(),
    /** Points in hundredths, 0…the indicator's points. */
    cents: integer().notNull(),
    reason: text().notNull(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [uniqueIndex('manual_scores_year_unit_indicator_idx').on(t.year, t.unitCode, t.indicatorCode)],
);
