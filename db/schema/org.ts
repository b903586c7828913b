import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

/** Administrative divisions (GB/T 2260). Divisions change between years, hence valid_from/valid_to. */
export const orgUnits = sqliteTable(
  'org_units',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: text({ enum: ['province', 'city', 'county', 'division'] }).notNull(),
    /** district / county / county-city / province / city / division (a department's 处室) */
    kind: text().notNull(),
    parentCode: text(),
    /** First day the unit exists (inclusive), null = always. */
    validFrom: text(),
    /** Last day the unit exists (inclusive), null = still exists. */
    validTo: text(),
  },
  (t) => [index('org_units_parent_idx').on(t.parentCode)],
);
