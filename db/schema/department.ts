import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { accounts } from './accounts';

/** What a division (处室, an org unit of level `division`) is responsible for under the plan. */
export const divisionDuties = sqliteTable('division_duties', {
  unitCode: text()
    .primaryKey()
    .references(() => orgUnits.code),
  duties: text().notNull(),
});

/**
 * The plan's task ledger (任务分解台账): one row per task of a year. A task is due on a date, or each
 * quarter (one instance per quarter, due `quarterDueDays` days after the quarter ends).
 */
export const ledgerTasks = sqliteTable(
  'ledger_tasks',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    year: integer().notNull(),
    position: integer().notNull(),
    /** The plan's clause(s), e.g. 二、十四. */
    clause: text().notNull(),
    text: text().notNull(),
    /** Owner divisions' unit codes (JSON array, at least one). */
    owners: text({ mode: 'json' }).$type<string[]>().notNull(),
    recurrence: text({ enum: ['once', 'quarterly'] }).notNull(),
    /** once: the due date. */
    due: text(),
    /** quarterly: days after each quarter's end. */
    quarterDueDays: integer(),
    /** quarterly: the first quarter with an instance (a plan issued mid-year starts later). */
    firstQuarter: integer(),
    evidenceRequired: text().notNull(),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [index('ledger_tasks_year_idx').on(t.year)],
);

export const TASK_REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export const TASK_PROGRESS = ['not_started', 'in_progress', 'done'] as const;

/** A division's report on one task instance ('once' or a quarter code such as 2018Q1). */
export const taskReports = sqliteTable(
  'task_reports',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskId: integer()
      .notNull()
      .references(() => ledgerTasks.id, { onDelete: 'cascade' }),
    instance: text().notNull(),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    status: text({ enum: TASK_REPORT_STATUSES }).notNull(),
    currentVersion: integer().notNull(),
    revision: integer().notNull().default(0),
    returnReason: text(),
    updatedAt: text().notNull(),
  },
  (t) => [uniqueIndex('task_reports_task_instance_unit_idx').on(t.taskId, t.instance, t.unitCode), index('task_reports_unit_idx').on(t.unitCode)],
);

/** Every submitted version of a task report is kept; none is ever changed. */
export const taskReportVersions = sqliteTable(
  'task_report_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskReportId: integer()
      .notNull()
      .references(() => taskReports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    progress: text({ enum: TASK_PROGRESS }).notNull(),
    completedOn: text(),
    evidenceUrl: text(),
    evidenceFile: text(),
    note: text(),
    submittedAt: text().notNull(),
    submittedBy: integer().references(() => accounts.id),
  },
  (t) => [uniqueIndex('task_report_versions_report_version_idx').on(t.taskReportId, t.version)],
);

/** submit / accept / return — the review trail of task reports, with reasons. */
export const taskReportActions = sqliteTable(
  'task_report_actions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskReportId: integer()
      .notNull()
      .references(() => taskReports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    action: text({ enum: ['submit', 'accept', 'return'] }).notNull(),
    reason: text(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [index('task_report_actions_report_idx').on(t.taskReportId)],
);
