/**
 * `npm run bench` — national-scale figures of the app, each beside its limit measured in the same
 * run on the same data, as a Markdown table; also written to bench/results.json (not committed).
 * What each row measures: docs/performance.md.
 *
 * Options: --quick (fewer runs, shorter load tests, a slice of the export: for trying the bench
 * itself, not for figures), --runs=N (repetitions per figure, default 3), --duration=S (seconds per
 * load test, default 10), --only=micro,scores,bulk,http,export,upload,latency,after-write,mixed,audit, --keep (keep the temp
 * folder with the databases).
 */
import fs from 'node:fs';
import { closeParseWorkers } from '../server/excel/parse-pool';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishRanking } from '../server/services/publication';
import { sessionFor } from '../tests/helpers/callers';
import { buildDataset, copyDb, makeDeadlineDayDb } from './dataset';
import { benchScores } from './scores';
import { benchBulkWrite } from './bulk-write';
import { benchHttp } from './http';
import { benchExport } from './export';
import { benchUpload } from './upload';
import { benchUploadHealthz } from './upload-healthz';
import { benchLatency } from './latency';
import { benchAfterWrite } from './after-write';
import { benchMixed } from './mixed';
import { benchAuditVerify } from './audit-verify';
import { startBenchServer } from './server';
import { benchMicro, microTable, type MicroResult } from './micro';
import { fmt, machine, markdownTable, ms, type Row } from './measure';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : 'true';
}

const quick = arg('quick') === 'true';
const runs = Number(arg('runs') ?? (quick ? 1 : 3));
const duration = Number(arg('duration') ?? (quick ? 3 : 10));
const only = arg('only')?.split(',');
const want = (row: string) => !only || only.includes(row);
const log = (s: string) => console.log(s);

async function main() {
  const started = performance.now();
  const m = machine();
  log(`# npm run bench — ${new Date().toISOString()}`);
  log(`machine: ${m.cpu} × ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average ${m.loadavg.join(' / ')}`);
  log(`runs per figure: ${runs} after a warm-up (median reported); load tests ${duration} s × 50 connections${quick ? ' — QUICK MODE: not for figures' : ''}\n`);

  log('building the national dataset …');
  const ds = await buildDataset();
  const s = ds.stats;
  log(
    `dataset: ${fmt(s.units)} units (${fmt(s.reportingUnits)} reporting: Zhejiang demo + ${fmt(s.syntheticReportingUnits)} synthetic in 30 provinces), ${fmt(s.accounts)} accounts, ` +
      `${fmt(s.reports)} reports, ${fmt(s.versions)} versions, ${fmt(s.values)} values, ${fmt(s.reviewActions)} review actions, ${fmt(s.auditRows)} audit rows, ` +
      `${fmt(s.notices)} notices; ${fmt(s.fileBytes / 1024 / 1024)} MB; built in ${ms(s.buildMs)} (demo seed ${ms(s.phases.demoSeedMs)}, synthetic ${ms(s.phases.syntheticMs)})`,
  );
  const deadlineFile = path.join(ds.dir, 'deadline.db');
  makeDeadlineDayDb(ds, deadlineFile);

  const rows: Row[] = [];
  const add = (r: Row) => {
    rows.push(r);
    log(`  → ${r.figure}: ${r.oursLabel} vs ${r.limitLabel}${r.ratio === null ? '' : ` = ${fmt(r.ratio, 2)}×`} (${r.target}) ${r.pass ? 'PASS' : 'MISS'}`);
  };

  let micro: MicroResult[] = [];
  if (want('micro')) {
    log('\n[0] diagnostics: drizzle vs prepared statements');
    micro = benchMicro(ds.file, path.join(ds.dir, 'micro.db'));
    log(microTable(micro));
  }
  if (want('scores')) {
    log('\n[1] score and rank all units for a year');
    add(await benchScores(ds.file, runs));
  }
  if (want('bulk')) {
    log('\n[2] bulk write of a deadline day');
    add(await benchBulkWrite(ds, deadlineFile, runs));
  }
  if (want('http') || want('latency') || want('after-write')) {
    const file = path.join(ds.dir, 'server.db');
    copyDb(ds.file, file);
    const server = await startBenchServer(file, ds.dir);
    try {
      const office = sessionFor(server.services.db, 'office').user;
      const t = performance.now();
      publishRanking(server.services.db, server.services.units, { accountId: office.accountId, username: office.username }, office, server.services.now(), 2018);
      log(`\n(published the 2018 ranking via publishRanking in ${ms(performance.now() - t)})`);
      if (want('http')) {
        log('[3] rankings and overview under 50 concurrent clients');
        add(await benchHttp(server, { id: 'ranking', label: 'leader, published ranking', procedure: 'scores.ranking', input: { year: 2018 }, username: 'leader' }, runs, duration, log));
        add(await benchHttp(server, { id: 'overview', label: 'leader, province overview', procedure: 'dashboard.overview', input: { year: 2018 }, username: 'leader' }, runs, duration, log));
      }
      if (want('latency')) {
        log('\n[6] acceptance → ranking shows the new score');
        add(await benchLatency(server, ds.submittedCities, runs, log));
      }
      if (want('after-write')) {
        log('\n[8] the first request after a write');
        add(await benchAfterWrite(server, Math.max(runs, 5), log));
      }
    } finally {
      await server.close();
    }
  }
  if (want('mixed')) {
    log('\n[9] mixed load: readers while units submit');
    add(await benchMixed(ds, deadlineFile, Math.max(duration, quick ? 5 : 30), log));
  }
  if (want('export')) {
    log('\n[4] export of the national workbook (child processes)');
    for (const r of await benchExport(ds.file, ds.dir, runs, log, quick ? 60_000 : undefined)) add(r);
  }
  if (want('upload')) {
    log('\n[5] upload of one filled template');
    add(await benchUpload(ds, deadlineFile, Math.max(runs, 15)));
    add(await benchUploadHealthz(ds, runs, log));
  }
  if (want('audit')) {
    log('\n[7] verify the audit hash chain (1 million rows)');
    add(benchAuditVerify(ds.file, ds.dir, runs, log, quick ? 200_000 : undefined));
  }

  const totalMs = performance.now() - started;
  const table = markdownTable(rows);
  const end = machine();
  log(`\n## Results\n`);
  log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${m.loadavg.join(' / ')}, at end ${end.loadavg.join(' / ')}`);
  log(`dataset: ${fmt(s.units)} units, ${fmt(s.reports)} reports, ${fmt(s.versions)} versions, ${fmt(s.values)} values; built in ${ms(s.buildMs)}\n`);
  log(table);
  log(`\n${rows.filter((r) => r.pass).length} of ${rows.length} figures within target; bench took ${ms(totalMs)}.`);
  const bulk = rows.find((r) => r.id === 'bulk-write');
  if (bulk) {
    log(`bulk write, the same rows raw in one single transaction (diagnostic): ${fmt(bulk.detail.rawOneTxRowsPerSec as number)} rows/s`);
    log(
      `bulk write with no stored figures to keep (diagnostic, the write path alone): ${fmt((bulk.detail.writePathOnlyPerSubmissionMs as number) * 1000)} µs per submission = ${fmt(bulk.detail.writePathOnlyRatio as number, 2)}× raw with 1 tx per submission`,
    );
  }
  if (micro.length) log(`\ndiagnostics (same run):\n${microTable(micro)}`);

  const results = { date: new Date().toISOString(), quick, runs, duration, machine: m, loadavgEnd: end.loadavg, dataset: s, rows, diagnostics: micro, totalMs };
  fs.writeFileSync(path.join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log('written: bench/results.json');
  if (arg('keep') === 'true') log(`kept: ${ds.dir}`);
  else fs.rmSync(ds.dir, { recursive: true, force: true });
}

main()
  // The upload rows start the Excel parse workers; end them so the process exits by itself.
  .then(() => closeParseWorkers())
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
