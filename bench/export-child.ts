/**
 * One workbook export in its own process, so peak RSS (VmHWM) belongs to that export alone:
 * `node --import tsx bench/export-child.ts '<json options>'` prints one JSON line.
 *
 * - ours: every stored value row (all units, quarters and versions) as one 填报数据 sheet through the
 *   project's streaming writer (`newWorkbookWriter` + `writeSheet` of server/excel/export-workbook.ts).
 * - raw: the same rows and cell values through a bare `ExcelJS.stream.xlsx.WorkbookWriter` (no styles,
 *   no shared strings), rows committed one by one; every 200 rows it waits, drain-aware, as ours does
 *   (`breathe`: while the sheet's XML waiting for the zip exceeds the bound, then while the file asks
 *   for a drain; otherwise one event-loop turn). BENCH_RAW_UNTHROTTLED=1 makes it only yield every
 *   200 rows, as before session 4 (the zip then falls behind and its backlog piles up off-heap).
 * - assessment: the real assessment workbook (`loadAssessment` + `writeAssessmentWorkbook`, the work
 *   of GET /api/excel/assessment) for the office, national scale.
 *
 * Both sides read the rows from SQLite with the same prepared statement (`iterate`), so memory
 * differences come from the writers. `ours` writes inline strings, as `writeSheet`'s callers do
 * above SHARED_STRINGS_MAX_ROWS; BENCH_SHARED_STRINGS=1 makes it use the shared-strings table
 * instead (a diagnostic for docs/performance.md §4). A small warm-up export runs first; VmHWM is then reset
 * (/proc/self/clear_refs) so the peak is the measured export's.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { openDatabase } from '../db/client';
import { createServices } from '../server/context';
import { breathe, newWorkbookWriter, sheetPipe, writeSheet, type CellInput, type SheetColumn } from '../server/excel/export-workbook';
import { loadAssessment, writeAssessmentWorkbook } from '../server/excel/assessment';
import { readScheme } from '../db/repo/schemes';
import { sessionFor } from '../tests/helpers/callers';
import { peakRssMB } from './measure';

interface ExportOptions {
  mode: 'ours' | 'raw' | 'assessment';
  db: string;
  out: string;
  warmupRows: number;
  limitRows?: number;
}

export interface ExportResult {
  mode: string;
  rows: number;
  ms: number;
  bytes: number;
  peakRssMB: number;
  baseRssMB: number;
  /** Largest V8 heap in use and largest off-heap (Buffers, ArrayBuffers) seen, sampled every 100 ms. */
  peakHeapUsedMB: number;
  peakExternalMB: number;
}

const ROWS_SQL = `
select o.name as unit, o.code as code, o.level as level, p.code as period, v.version as version, r.status as status,
       rv.indicator_code as ind, rv.date as date, rv.numerator as num, rv.denominator as den, rv.count as cnt, rv.yes as yes,
       rv.evidence_url as url, rv.note as note
from report_values rv
join report_versions v on v.id = rv.version_id
join reports r on r.id = v.report_id
join periods p on p.id = r.period_id
join org_units o on o.code = r.unit_code
limit ?`;

interface DbRow {
  unit: string;
  code: string;
  level: string;
  period: string;
  version: number;
  status: string;
  ind: string;
  date: string | null;
  num: number | null;
  den: number | null;
  cnt: number | null;
  yes: number | null;
  url: string | null;
  note: string | null;
}

export const VALUE_COLUMNS: SheetColumn[] = [
  { key: 'unit', title: '单位', width: 14 },
  { key: 'code', title: '单位代码', width: 10 },
  { key: 'level', title: '层级', width: 10 },
  { key: 'period', title: '期次', width: 9 },
  { key: 'version', title: '版本', format: 'integer', width: 6 },
  { key: 'status', title: '状态', width: 8 },
  { key: 'ind', title: '指标代码', width: 9 },
  { key: 'indName', title: '指标名称', width: 36 },
  { key: 'date', title: '完成日期', format: 'date', width: 12 },
  { key: 'num', title: '分子', format: 'number', width: 9 },
  { key: 'den', title: '分母', format: 'number', width: 9 },
  { key: 'rate', title: '完成率', format: '0.0%', width: 9 },
  { key: 'count', title: '数量', format: 'number', width: 8 },
  { key: 'yes', title: '是否完成', width: 8 },
  { key: 'evidence', title: '证明材料（公开网页链接）', width: 48 },
  { key: 'note', title: '备注', width: 30 },
];

const STATUS: Record<string, string> = { draft: '草稿', submitted: '已报送', approved: '市级已审核', accepted: '已采纳', returned: '已退回' };
const LEVEL: Record<string, string> = { city: '设区市', county: '县(市、区)' };

function* valueRows(sqlite: ReturnType<typeof openDatabase>['sqlite'], names: Map<string, string>, limit: number): Generator<Record<string, CellInput>> {
  for (const r of sqlite.prepare(ROWS_SQL).iterate(limit) as IterableIterator<DbRow>) {
    const date = r.date ? new Date(`${r.date}T00:00:00.000Z`) : null;
    yield {
      unit: r.unit,
      code: r.code,
      level: LEVEL[r.level] ?? r.level,
      period: r.period,
      version: r.version,
      status: STATUS[r.status] ?? r.status,
      ind: r.ind,
      indName: names.get(r.ind) ?? r.ind,
      date: date && !Number.isNaN(date.getTime()) ? date : null,
      num: r.num,
      den: r.den,
      rate: r.num !== null && r.den ? r.num / r.den : null,
      count: r.cnt,
      yes: r.yes === null ? null : r.yes ? '是' : '否',
      evidence: r.url ? { text: r.url, hyperlink: r.url } : null,
      note: r.note,
    };
  }
}

async function exportOurs(out: Writable, rows: Iterable<Record<string, CellInput>>): Promise<number> {
  const target = newWorkbookWriter(out, { inlineStrings: process.env.BENCH_SHARED_STRINGS !== '1' });
  const n = await writeSheet(target, {
    name: '填报数据',
    title: '2018年度全国住房城乡建设系统政务公开填报数据（全部版本）',
    subtitle: '基准测试数据',
    columns: VALUE_COLUMNS,
    rows,
    freezeColumns: 2,
  });
  await target.wb.commit();
  return n;
}

async function exportRaw(out: Writable, rows: Iterable<Record<string, CellInput>>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('填报数据');
  ws.addRow(['2018年度全国住房城乡建设系统政务公开填报数据（全部版本）']).commit();
  ws.addRow(['基准测试数据']).commit();
  ws.addRow(VALUE_COLUMNS.map((c) => c.title)).commit();
  const pipe = process.env.BENCH_RAW_UNTHROTTLED === '1' ? null : sheetPipe(ws);
  let n = 0;
  for (const r of rows) {
    ws.addRow(VALUE_COLUMNS.map((c) => (r[c.key] ?? null) as ExcelJS.CellValue)).commit();
    if (++n % 200 === 0) await (pipe ? breathe(out, pipe) : new Promise<void>((resolve) => setImmediate(resolve)));
  }
  ws.commit();
  await wb.commit();
  return n;
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as ExportOptions;
  const { db, sqlite } = openDatabase(opts.db, { migrate: false });
  const names = new Map((readScheme(db, 2018)?.scheme.indicators ?? []).map((i) => [i.code, i.name]));
  const limit = opts.limitRows ?? 1e12;

  let run: (out: Writable) => Promise<number>;
  if (opts.mode === 'assessment') {
    const services = createServices({ db, sqlite, dataDir: '.' });
    const office = sessionFor(db, 'office').user;
    const now = new Date('2019-01-25T02:00:00.000Z');
    run = async (out) => {
      const data = loadAssessment(db, services.units, office, 2018, undefined, now);
      await writeAssessmentWorkbook(out, data);
      return Object.values(data.run.units).reduce((a, u) => a + u.indicators.length, 0);
    };
  } else {
    const write = opts.mode === 'ours' ? exportOurs : exportRaw;
    run = (out) => write(out, valueRows(sqlite, names, limit));
  }

  // Warm-up (JIT, lazy module state) on a few rows into nowhere.
  if (opts.mode !== 'assessment' && opts.warmupRows > 0) {
    const write = opts.mode === 'ours' ? exportOurs : exportRaw;
    const sink = discard();
    await write(sink, valueRows(sqlite, names, opts.warmupRows));
    sink.end();
  }
  global.gc?.();
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the peak includes the warm-up
  }
  const baseRssMB = process.memoryUsage().rss / 1024 / 1024;
  let peakHeap = 0;
  let peakExternal = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
  };
  const sampler = setInterval(sample, 100);
  const file = fs.createWriteStream(opts.out);
  const t = performance.now();
  const rows = await run(file);
  file.end();
  await finished(file);
  const ms = performance.now() - t;
  clearInterval(sampler);
  sample();
  const MB = 1024 * 1024;
  const result: ExportResult = {
    mode: opts.mode,
    rows,
    ms,
    bytes: fs.statSync(opts.out).size,
    peakRssMB: peakRssMB(),
    baseRssMB,
    peakHeapUsedMB: peakHeap / MB,
    peakExternalMB: peakExternal / MB,
  };
  fs.rmSync(opts.out, { force: true });
  sqlite.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
