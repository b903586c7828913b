import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { accounts } from './accounts';
import { BUDGET_KINDS, BUDGET_STATUSES } from '../../shared/budget';

/**
 * A budget disclosure item (第十三条): a budget, budget adjustment, execution report, final accounts or
 * 三公 figures of one fiscal year, recorded by the division that publishes it (计划财务处) and confirmed
 * by the office. Its figures live in versions; none is ever changed.
 */
export const budgetItems = sqliteTable(
  'budget_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    unitCode: text()
      .notNull()
      .references(() => orgUnits.code),
    kind: text({ enum: BUDGET_KINDS }).notNull(),
    fiscalYear: integer().notNull(),
    status: text({ enum: BUDGET_STATUSES }).notNull(),
    currentVersion: integer().notNull(),
    revision: integer().notNull().default(0),
    returnReason: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [index('budget_items_unit_idx').on(t.unitCode)],
);

/** Every recorded version of an item: approval date, publication date and address. */
export const budgetItemVersions = sqliteTable(
  'budget_item_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    title: text().notNull(),
    approvedOn: text().notNull(),
    publishedOn: text(),
    url: text(),
    note: text(),
    submittedAt: text().notNull(),
    submittedBy: integer().references(() => accounts.id),
  },
  (t) => [uniqueIndex('budget_item_versions_item_version_idx').on(t.itemId, t.version)],
);

/** submit / accept / return — the review trail of budget items, with reasons. */
export const budgetItemActions = sqliteTable(
  'budget_item_actions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    action: text({ enum: ['submit', 'accept', 'return'] }).notNull(),
    reason: text(),
    accountId: integer().references(() => accounts.id),
    at: text().notNull(),
  },
  (t) => [index('budget_item_actions_item_idx').on(t.itemId)],
);
