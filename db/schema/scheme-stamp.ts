import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * One row (id 1) whose `n` takes a new random value at every change of a scheme, its periods or its
 * indicators, whoever writes it (triggers, migration `scheme_stamp_triggers`). `readScheme` keeps a
 * parsed scheme while `n` stays put: one integer read per lookup instead of comparing the scheme's rows.
 */
export const schemeStamp = sqliteTable('scheme_stamp', {
  id: integer().primaryKey(),
  n: integer().notNull().default(0),
});
