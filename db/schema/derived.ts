import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Derived figures kept as data arrives (server/services/derived/): every unit's scores per scored
 * view and the dashboards' per-unit facts and per-scope aggregates. They are a function of the
 * scoring inputs (reports, values, schemes, periods, extensions, adjustments, manual scores, org
 * units, the ledger); the write services update them in the same transaction as the write.
 *
 * `derived_state` guards them: triggers (migration `derived_epoch_triggers`) bump `epoch` on every
 * change of an input table, whoever writes it; a service that kept the figures up to date sets
 * `synced` = `epoch`. A reader that finds them apart drops the stored figures and rebuilds on demand.
 */
export const derivedState = sqliteTable('derived_state', {
  id: integer().primaryKey(),
  epoch: integer().notNull().default(0),
  synced: integer().notNull().default(0),
});

/** Which views are stored: a scored view (`view` = '' for the annual assessment, else a period code) or the dashboards' facts (`basis` = 'progress'). */
export const derivedViews = sqliteTable(
  'derived_views',
  {
    year: integer().notNull(),
    view: text().notNull(),
    basis: text({ enum: ['accepted', 'submitted', 'progress'] }).notNull(),
    builtAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.view, t.basis] })],
);

/** A unit's score in a view: the ranking's columns, the indicators' scores and the whole explanation. */
export const unitScores = sqliteTable(
  'unit_scores',
  {
    year: integer().notNull(),
    view: text().notNull(),
    basis: text({ enum: ['accepted', 'submitted'] }).notNull(),
    unitCode: text().notNull(),
    /** In cents, like every score. */
    s: integer().notNull(),
    raw: integer().notNull(),
    adjustmentTotal: integer().notNull(),
    contribution: integer().notNull(),
    grade: text(),
    hasReport: integer({ mode: 'boolean' }).notNull(),
    /** JSON: group code → cents. */
    groups: text().notNull(),
    /** JSON: [indicator code, score cents, points cents][]. */
    indicators: text().notNull(),
    /** JSON: the engine's UnitScore with every explanation. */
    detail: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.view, t.basis, t.unitCode] })],
);

/** What the dashboards need of one unit in one period (progress basis: submitted, approved or accepted). JSON, see `UnitFacts`. */
export const progressFacts = sqliteTable(
  'progress_facts',
  {
    year: integer().notNull(),
    periodCode: text().notNull(),
    unitCode: text().notNull(),
    facts: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.periodCode, t.unitCode] })],
);

/** Sums of `progress_facts` over a city with its counties (`scope` = the city's code) or the province (`scope` = 'province'). JSON, see `ProgressSums`. */
export const progressSums = sqliteTable(
  'progress_sums',
  {
    year: integer().notNull(),
    periodCode: text().notNull(),
    scope: text().notNull(),
    sums: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.periodCode, t.scope] })],
);
