import { eq } from 'drizzle-orm';
import type { Queryable } from '../client';
import { settings } from '../schema';

export function readSetting(db: Queryable, key: string): string | null {
  return db.select().from(settings).where(eq(settings.key, key)).get()?.value ?? null;
}

export function writeSetting(db: Queryable, key: string, value: string): void {
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

/** The instant a demo database's clock starts at (its story is told as of that day), if any. */
export const DEMO_CLOCK_KEY = 'demo.clockStart';
export function readClockStart(db: Queryable): Date | null {
  const v = readSetting(db, DEMO_CLOCK_KEY);
  return v ? new Date(v) : null;
}
