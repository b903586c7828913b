import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small key/value settings of an installation (e.g. the demo clock). */
export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});
