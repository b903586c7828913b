import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';

/** Each publication of a year's ranking: a frozen snapshot with its version and reason. */
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
