/**
 * Crash: a server process receives a burst of submissions and is killed with SIGKILL in the middle.
 * After a restart every acknowledged submission is there with its audit row, none is half-written,
 * and SQLite's integrity check passes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { copyTemplateDb } from '../helpers/test-server';
import { clearPeriod, reportingUnits } from '../helpers/open-period';
import { loginCookie, startServerProcess, trpcCall } from '../helpers/app-process';
import { q1Values } from '../helpers/values';

const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crash in the middle of a burst', () => {
  it('keeps every acknowledged submission, whole, after SIGKILL', { timeout: 120_000 }, async () => {
    clearPeriod(file, '2018Q1');
    const clockStart = '2018-04-08T02:00:00.000Z';
    const server = await startServerProcess({ dbFile: file, dataDir: dir, clockStart });
    const units = reportingUnits(file);
    const cookies = await Promise.all(units.map((u) => loginCookie(server.url, u.code)));

    const acknowledged: string[] = [];
    let killed = false;
    const burst = units.map((u, i) =>
      trpcCall(server.url, 'reports.submit', { unitCode: u.code, periodCode: '2018Q1', revision: 0, values: q1Values(u.level as 'city' | 'county') }, cookies[i])
        .then((r) => {
          if (r.status === 200) acknowledged.push(u.code);
          if (acknowledged.length >= 30 && !killed) {
            killed = true;
            void server.kill('SIGKILL');
          }
        })
        .catch(() => undefined /* connection reset by the kill: not acknowledged */),
    );
    await Promise.all(burst);
    if (!killed) await server.kill('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);

    // Restart on the same file: the server opens it, recovers the WAL and answers.
    const again = await startServerProcess({ dbFile: file, dataDir: dir, clockStart });
    const health = await fetch(`${again.url}/healthz`);
    expect(health.status).toBe(200);
    await again.kill('SIGTERM');

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const rows = db
      .prepare(
        `select r.unit_code as unit, r.status, r.current_version as cv, v.submitted_at as submittedAt,
                (select count(*) from review_actions a where a.report_id = r.id and a.action = 'submit') as actions,
                (select count(*) from audit_log l where l.report_id = r.id and l.action = 'report.submit') as audits,
                (select count(*) from report_values x where x.version_id = v.id) as nvalues
         from reports r join periods p on p.id = r.period_id
         join report_versions v on v.report_id = r.id and v.version = r.current_version
         where p.code = '2018Q1'`,
      )
      .all() as { unit: string; status: string; cv: number; submittedAt: string | null; actions: number; audits: number; nvalues: number }[];
    db.close();
    const byUnit = new Map(rows.map((r) => [r.unit, r]));
    for (const code of acknowledged) {
      const r = byUnit.get(code);
      expect(r, `acknowledged ${code} is stored`).toBeDefined();
      expect(r).toMatchObject({ status: 'submitted', cv: 1, actions: 1, audits: 1 });
      expect(r!.submittedAt).not.toBeNull();
      expect(r!.nvalues).toBeGreaterThan(10);
    }
    // Nothing half-written: every stored report is either fully submitted or absent.
    for (const r of rows) expect([r.status, r.actions, r.audits, Boolean(r.submittedAt)]).toEqual(['submitted', 1, 1, true]);
    expect(path.basename(file)).toBe('test.db');
  });
});
