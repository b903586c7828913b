/**
 * Deadline rush: every reporting unit of the demo province (100) submits its Q1 report at once,
 * ten times each, over HTTP, against the real server. Exactly one submission per unit wins; the
 * rest are refused cleanly; no 5xx; versions are numbered without gaps or duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { clearPeriod } from '../helpers/open-period';
import { q1Values } from '../helpers/values';
import { loginCookie, trpcCall } from '../helpers/app-process';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => new Date('2018-04-08T02:00:00Z'), prepare: (file) => clearPeriod(file, '2018Q1') });
});
afterAll(() => s.close());

describe('deadline rush', () => {
  it('100 units × 10 concurrent submissions: no 5xx, one version each, no gaps, audited', { timeout: 120_000 }, async () => {
    const units = s.services.units.all().filter((u) => u.level === 'city' || u.level === 'county');
    expect(units).toHaveLength(100);
    const cookies = new Map<string, string>();
    await Promise.all(units.map(async (u) => cookies.set(u.code, await loginCookie(s.url, u.code))));

    const calls = units.flatMap((u) =>
      Array.from({ length: 10 }, () =>
        trpcCall(s.url, 'reports.submit', { unitCode: u.code, periodCode: '2018Q1', revision: 0, values: q1Values(u.level as 'city' | 'county') }, cookies.get(u.code)).then(
          (r) => ({ unit: u.code, ...r }),
        ),
      ),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    for (const u of units) {
      const mine = results.filter((r) => r.unit === u.code);
      expect(mine.filter((r) => r.status === 200), `${u.code} wins`).toHaveLength(1);
      // The losers see a conflict (revision moved) or that the report is already submitted.
      for (const r of mine.filter((x) => x.status !== 200)) expect([403, 409]).toContain(r.status);
    }
    const versions = s.sqlite
      .prepare(
        `select r.unit_code as unit, group_concat(v.version) as versions, count(*) as n, sum(v.submitted_at is not null) as submitted
         from reports r join report_versions v on v.report_id = r.id join periods p on p.id = r.period_id
         where p.code = '2018Q1' group by r.id`,
      )
      .all() as { unit: string; versions: string; n: number; submitted: number }[];
    expect(versions).toHaveLength(100);
    expect(versions.every((v) => v.versions === '1' && v.n === 1 && v.submitted === 1)).toBe(true);
    const audits = s.sqlite
      .prepare(`select count(*) as n from audit_log where action = 'report.submit' and report_id in (select r.id from reports r join periods p on p.id = r.period_id where p.code = '2018Q1')`)
      .get() as { n: number };
    expect(audits.n).toBe(100);
  });
});
