import { sql } from 'drizzle-orm';
import type { DB } from './client';
import { orgUnits } from './schema';
import { sealUnhashedVersions } from './repo/version-hash';
import { seedDefaultScheme, seedDemoAccounts, seedDepartmentDivisions, seedDivisions, seedLedger } from './seed-base';

export interface SeedResult {
  seeded: boolean;
  units: number;
  accounts: number;
  demo: boolean;
}

/**
 * On an empty database: the real divisions and the default 2018 scheme; with `demo`, the demo
 * accounts and the demo 2018 story. A database that has org units is left alone.
 */
export async function seedIfEmpty(db: DB, opts: { demo: boolean; now: Date }): Promise<SeedResult> {
  const existing = db.select({ n: sql<number>`count(*)` }).from(orgUnits).get()?.n ?? 0;
  if (existing > 0) return { seeded: false, units: existing, accounts: 0, demo: false };
  const units = db.transaction((tx) => {
    const n = seedDivisions(tx) + seedDepartmentDivisions(tx);
    seedDefaultScheme(tx, opts.now);
    seedLedger(tx, opts.now);
    return n;
  });
  let accountsCount = 0;
  if (opts.demo) {
    accountsCount = await seedDemoAccounts(db, opts.now);
    const { seedDemoStory } = await import('./demo-story');
    seedDemoStory(db, { now: opts.now });
    // The story writes its submitted versions directly; they get their 回执 hashes here.
    sealUnhashedVersions(db);
  }
  return { seeded: true, units, accounts: accountsCount, demo: opts.demo };
}
