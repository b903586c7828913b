/**
 * Row 5 — upload of one filled template: parse + validate + save.
 *
 * Ours: `processUpload` (server/excel/upload.ts, the work of POST /api/excel/upload after the
 * multipart body is read) of a synthetic county's filled Q4 template as a draft, on the deadline day:
 * ZIP pre-check, exceljs load, template information and checksum, every cell, the web form's
 * validation, then `saveReport` (validation and its one audit row) in one transaction.
 * Limit: a bare exceljs read (`new ExcelJS.Workbook().xlsx.load`) of the same bytes.
 *
 * The template is the real one (`buildTemplate`) of a report whose draft already holds the values,
 * so it comes pre-filled exactly as a bureau would upload it.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase } from '../db/client';
import { createServices } from '../server/context';
import { beginEdit, saveReport } from '../server/services/reporting';
import { buildTemplate, templateSecret } from '../server/excel/template';
import { processUpload } from '../server/excel/upload';
import { DEADLINE_DAY, DEADLINE_NOW, copyDb, type Dataset } from './dataset';
import { fmt, median, ms, timePairs, type Row } from './measure';

export async function benchUpload(ds: Dataset, deadlineFile: string, runs: number): Promise<Row> {
  const file = path.join(ds.dir, 'upload.db');
  copyDb(deadlineFile, file);
  const { db, sqlite } = openDatabase(file, { migrate: false });
  const services = createServices({ db, sqlite, dataDir: ds.dir, now: () => DEADLINE_NOW });
  const u = ds.units.find((x) => x.level === 'county')!;
  const unit = services.units.get(u.code)!;
  const user = {
    accountId: u.accountId,
    username: u.code,
    displayName: `${u.name}住房和城乡建设局`,
    role: 'county',
    unitCode: u.code,
    unitName: u.name,
    unitLevel: 'county',
    unitParentCode: u.parentCode,
  } as const;
  const values = ds.story(u.code).valuesFor(4, DEADLINE_DAY);
  const wctx = { db, units: services.units, user, actor: { accountId: u.accountId, username: u.code }, now: DEADLINE_NOW };
  saveReport(wctx, { unitCode: u.code, periodCode: '2018Q4', revision: 0, values, mode: 'draft', source: 'web' });
  const template = await buildTemplate(db, unit, '2018Q4', DEADLINE_NOW, templateSecret(db, true)!);
  const bytes = template.buffer;

  let indicators = 0;
  const ours = async () => {
    // The route's check of the action (access and edit rules), as POST /api/excel/upload runs it.
    const target = beginEdit(wctx, unit.code, '2018Q4');
    const r = await processUpload({ services, user, ip: '10.1.2.3', target, submit: false, fileName: template.fileName, bytes });
    if (!r.ok) throw new Error(`bench: upload refused (${r.status}): ${r.error} ${JSON.stringify(r.problems ?? []).slice(0, 500)}`);
    indicators = r.indicators;
  };
  const bare = async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
  };
  const t = await timePairs(runs, ours, bare);
  sqlite.close();
  const o = median(t.a);
  const l = median(t.b);
  const ratio = o / l;
  return {
    id: 'upload',
    figure: `upload of one filled template (${fmt(bytes.length / 1024)} KB, ${indicators} indicators): parse + validate + save`,
    ours: o,
    oursLabel: ms(o),
    limit: l,
    limitLabel: `${ms(l)} (bare exceljs read)`,
    ratio,
    target: '≤ 2×',
    pass: ratio <= 2,
    detail: { oursMs: t.a, limitMs: t.b, bytes: bytes.length, unit: u.code },
  };
}
