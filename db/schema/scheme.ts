import { sqliteTable, text, integer, real, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One indicator scheme per assessment year. */
export const schemes = sqliteTable('schemes', {
  id: integer().primaryKey({ autoIncrement: true }),
  year: integer().notNull().unique(),
  /** Bumped on every saved edit; templates carry it so outdated ones are recognised. */
  version: integer().notNull().default(1),
  title: text().notNull(),
  disclosureWeight: real().notNull(),
  minDisclosureWeight: real(),
  grades: text({ mode: 'json' }).notNull(),
  groups: text({ mode: 'json' }).notNull(),
  /** Frozen once the year's ranking is published. */
  frozen: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: text().notNull(),
  updatedAt: text().notNull(),
});

export const indicators = sqliteTable(
  'indicators',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    schemeId: integer()
      .notNull()
      .references(() => schemes.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    code: text().notNull(),
    groupCode: text().notNull(),
    name: text().notNull(),
    rule: text().notNull(),
    pointsCity: real(),
    pointsCounty: real(),
    /** The full indicator definition as in the scheme file (deadline, target, labels, cityRule …). */
    definition: text({ mode: 'json' }).notNull(),
  },
  (t) => [uniqueIndex('indicators_scheme_code_idx').on(t.schemeId, t.code)],
);
