import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { accounts } from './accounts';
import { REPORT_STATUSES } from './reports';

/** A reporting year of the 政府信息公开工作年度报告: which format it uses and its due date (editable). */
export const annualReportYears = sqliteTable('annual_report_years', {
  year: integer().primaryKey(),
  formatId: text().notNull(),
  /** Publication due date, e.g. 2019-01-31 for the 2018 report. */
  due: text().notNull(),
  updatedAt: text().notNull(),
});

/** One unit × one year; the same states as a progress report. */
export const annualReports = sqliteTable(
  'annual_reports',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    year: integer()
      .notNull()
      .references(() => annualReportYears.year),
    status: text({ enum: REPORT_STATUSES }).notNull(),
    currentVersion: integer().notNull().default(1),
    revision: integer().notNull().default(0),
    firstSubmittedAt: text(),
    lastSubmittedAt: text(),
    returnReason: text(),
    updatedAt: text().notNull(),
  },
  (t) => [uniqueIndex('annual_reports_unit_year_idx').on(t.unitCode, t.year), index('annual_reports_year_idx').on(t.year)],
);

/** Every version is kept; a submitted one is never changed again. `data` is the whole report (cells, texts, publication). */
export const annualReportVersions = sqliteTable(
  'annual_report_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reportId: integer()
      .notNull()
      .references(() => annualReports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    data: text({ mode: 'json' }).notNull(),
    createdAt: text().notNull(),
    createdBy: integer().references(() => accounts.id),
    submittedAt: text(),
    submittedBy: integer().references(() => accounts.id),
    /** 'web' | 'excel' | 'seed' */
    source: text().notNull().default('web'),
  },
  (t) => [uniqueIndex('annual_report_versions_report_version_idx').on(t.reportId, t.version)],
);

export const annualReviewActions = sqliteTable(
  'annual_review_actions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reportId: integer()
      .notNull()
      .references(() => annualReports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    action: text({ enum: ['submit', 'approve', 'accept', 'return', 'reopen'] }).notNull(),
    reason: text(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [index('annual_review_actions_report_idx').on(t.reportId)],
);

export type AnnualReportRow = typeof annualReports.$inferSelect;
