import type { DB } from './client';

/** Placeholder until the reporting tables are filled by the deterministic demo generator. */
export function seedDemoStory(_db: DB, _opts: { now: Date }): void {}
