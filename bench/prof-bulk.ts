/**
 * Profiling aid for the deadline-day write path (not part of `npm run bench`):
 *   npx tsx bench/prof-bulk.ts prepare /tmp/wprof      # builds the dataset once: deadline.db + inputs.json
 *   npx tsx bench/prof-bulk.ts run /tmp/wprof [N] [--prof] [--derived]  # N submissions via saveReport on a fresh copy
 *     (--derived: the stored figures built first, the annual view and the dashboards' facts, as in a
 *     running deployment; each submission then also rescores its unit and city in them)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { openDatabase } from '../db/client';
import { createServices } from '../server/context';
import { saveReport, type WorkflowCtx } from '../server/services/reporting';
import { storedScores } from '../server/services/derived/stored-scores';
import { progressStore } from '../server/services/derived/progress';
import { buildDataset, copyDb, makeDeadlineDayDb, DEADLINE_DAY, DEADLINE_NOW } from './dataset';

const [, , cmd, dir = '/tmp/wprof', nArg] = process.argv;

async function prepare() {
  const ds = await buildDataset(path.join(dir, 'ds'));
  makeDeadlineDayDb(ds, path.join(dir, 'deadline.db'));
  const inputs = ds.units.map((u) => ({ u, values: ds.story(u.code).valuesFor(4, DEADLINE_DAY) }));
  fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify(inputs));
  fs.rmSync(path.join(dir, 'ds'), { recursive: true, force: true });
}

async function run() {
  const inputs = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as { u: { code: string; name: string; level: 'city' | 'county'; parentCode: string; accountId: number }; values: never }[];
  const n = Number(nArg ?? inputs.length);
  const work = path.join(dir, 'work.db');
  copyDb(path.join(dir, 'deadline.db'), work);
  const { db, sqlite } = openDatabase(work, { migrate: false });
  const services = createServices({ db, sqlite, dataDir: dir, now: () => DEADLINE_NOW });
  if (process.argv.includes('--derived')) {
    const t0 = performance.now();
    storedScores(db, services.units, { year: 2018 });
    storedScores(db, services.units, { year: 2018, periodCode: '2018Q4', basis: 'submitted' });
    progressStore(db, services.units, 2018);
    console.log(`stored figures built in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  const prof = process.argv.includes('--prof');
  const session = new Session();
  if (prof) {
    session.connect();
    await new Promise<void>((r) => session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 100 }, () => session.post('Profiler.start', () => r()))));
  }
  const t = performance.now();
  for (const { u, values } of inputs.slice(0, n)) {
    const user = { accountId: u.accountId, username: u.code, displayName: u.name, role: u.level, unitCode: u.code, unitName: u.name, unitLevel: u.level, unitParentCode: u.parentCode, mustChangePassword: false } as const;
    const ctx: WorkflowCtx = { db, units: services.units, user, actor: { accountId: user.accountId, username: user.username, ip: '10.1.2.3' }, now: DEADLINE_NOW };
    saveReport(ctx, { unitCode: u.code, periodCode: '2018Q4', revision: 0, values, mode: 'submit', source: 'web' });
  }
  const ms = performance.now() - t;
  console.log(`${n} submissions in ${ms.toFixed(0)} ms: ${((ms * 1000) / n).toFixed(0)} µs each`);
  if (prof) {
    await new Promise<void>((r) =>
      session.post('Profiler.stop', (err, res) => {
        fs.writeFileSync(path.join(dir, `bulk-${Date.now()}.cpuprofile`), JSON.stringify(res.profile));
        r();
      }),
    );
  }
  sqlite.close();
}

await (cmd === 'prepare' ? prepare() : run());
