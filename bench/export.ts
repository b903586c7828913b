/**
 * Row 4 — export of the national workbook (every stored value row, ≈ 560k rows), each run in its
 * own child process (bench/export-child.ts) so that peak RSS is that run's alone. Ours and the raw
 * limit alternate run by run. The real assessment workbook (GET /api/excel/assessment's work) is
 * exported once for reference.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportResult } from './export-child';
import { fmt, median, ms, type Row } from './measure';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

function runExport(mode: 'ours' | 'raw' | 'assessment', db: string, dir: string, limitRows?: number): Promise<ExportResult> {
  const opts = { mode, db, out: path.join(dir, `export-${mode}.xlsx`), warmupRows: 5000, limitRows };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(HERE, 'export-child.ts'), JSON.stringify(opts)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`export child (${mode}) exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as ExportResult);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

export async function benchExport(db: string, dir: string, runs: number, log: (s: string) => void, limitRows?: number): Promise<Row[]> {
  const ours: ExportResult[] = [];
  const raw: ExportResult[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await runExport('ours', db, dir, limitRows));
    raw.push(await runExport('raw', db, dir, limitRows));
    log(`    run ${i + 1}: ours ${ms(ours[i].ms)} peak ${fmt(ours[i].peakRssMB)} MB · raw ${ms(raw[i].ms)} peak ${fmt(raw[i].peakRssMB)} MB`);
  }
  const assessment = await runExport('assessment', db, dir);
  log(`    assessment workbook (office, live draft): ${fmt(assessment.rows)} value rows, ${ms(assessment.ms)}, ${fmt(assessment.bytes / 1024 / 1024, 1)} MB, peak ${fmt(assessment.peakRssMB)} MB`);
  const rows = ours[0].rows;
  const oRate = (rows / median(ours.map((r) => r.ms))) * 1000;
  const lRate = (rows / median(raw.map((r) => r.ms))) * 1000;
  const oRss = median(ours.map((r) => r.peakRssMB));
  const lRss = median(raw.map((r) => r.peakRssMB));
  const detail = { ours, raw, assessment };
  return [
    {
      id: 'export-rate',
      figure: `export of the national workbook: ${fmt(rows)} value rows × 16 columns (writeSheet, streaming)`,
      ours: oRate,
      oursLabel: `${fmt(oRate)} rows/s (${ms(median(ours.map((r) => r.ms)))})`,
      limit: lRate,
      limitLabel: `${fmt(lRate)} rows/s (${ms(median(raw.map((r) => r.ms)))})`,
      ratio: oRate / lRate,
      target: '≥ 0.70×',
      pass: oRate / lRate >= 0.7,
      detail,
    },
    {
      id: 'export-rss',
      figure: 'export of the national workbook: peak RSS of the exporting process',
      ours: oRss,
      oursLabel: `${fmt(oRss)} MB`,
      limit: lRss,
      limitLabel: `${fmt(lRss)} MB`,
      ratio: oRss / lRss,
      target: '≤ 1.2×',
      pass: oRss / lRss <= 1.2,
      detail: { oursMB: ours.map((r) => r.peakRssMB), rawMB: raw.map((r) => r.peakRssMB), baseMB: ours.map((r) => r.baseRssMB) },
    },
  ];
}
