/**
 * Cached comparison views (the previous period, the previous year) must never go stale: after writes
 * to any period, the cached ranking equals one computed on a fresh connection with empty caches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { computeScores } from '../services/scores';
import { UnitDirectory } from '../services/unit-directory';
import { callerFor } from '../../tests/helpers/callers';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

function fresh() {
  const { db, close } = openDatabase(s.dbFile, { migrate: false });
  try {
    return computeScores(db, new UnitDirectory(db), { year: 2018 });
  } finally {
    close();
  }
}
const changes = (run: ReturnType<typeof fresh>) => run.cities.map((c) => [c.code, c.S, c.changeVsPreviousPeriod]);

describe('score caches', () => {
  it('follow writes to the current and to the compared period', async () => {
    const office = callerFor(s.services, 'office');
    const cached = () => computeScores(s.db, s.services.units, { year: 2018 });
    expect(changes(cached())).toEqual(changes(fresh()));

    // A Q4 acceptance changes the annual view; the Q3 comparison may stay cached.
    const queue = await office.reviews.queue({ periodCode: '2018Q4' });
    const item = queue[0];
    await office.reviews.accept({ reportId: item.reportId, revision: item.revision });
    expect(changes(cached())).toEqual(changes(fresh()));

    // Reopening an accepted Q3 report changes the compared view: the cache must notice.
    const q3 = s.sqlite
      .prepare(`select r.id, r.revision from reports r join periods p on p.id = r.period_id where p.code = '2018Q3' and r.unit_code = '330100'`)
      .get() as { id: number; revision: number };
    const before = cached().cities.find((c) => c.code === '330100')!.changeVsPreviousPeriod;
    await office.reviews.reopen({ reportId: q3.id, revision: q3.revision, reason: '核查第三季度数据' });
    const after = cached();
    expect(changes(after)).toEqual(changes(fresh()));
    expect(after.cities.find((c) => c.code === '330100')!.changeVsPreviousPeriod).not.toBe(before);
  });
});
