import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { accounts } from './accounts';

/** The office's ± points on a unit's year, with the written reason. */
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
