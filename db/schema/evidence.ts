import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org';
import { accounts } from './accounts';

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
