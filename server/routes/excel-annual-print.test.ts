import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../tests/helpers/callers';
import { hasLibreOffice, libreOfficeConvert, loadWorkbook, pdfPageSizes, printFindings, printTestServer } from '../../tests/helpers/print';
import { sampleAnnualData } from '../../shared/annual-report/sample';
import { annualFormat, totalCells } from '../../shared/annual-report/format';
import { annualSheetLayout, SHEET_TEXTS } from '../excel/annual';

/**
 * The annual-report workbooks (政府信息公开工作年度报告: a unit's template, a unit's report, the province
 * summary) in print and in LibreOffice, as excel-print.test.ts does for the template and the assessment
 * workbook: every sheet A4 in its orientation, ≥ 9 pt, nothing clipped; LibreOffice prints every sheet on
 * A4; and a template filled and re-saved by LibreOffice uploads cleanly with the values typed.
 */

const app = printTestServer(['330108', 'office']);
const layout = annualSheetLayout(annualFormat('national-2021'));
const totals = totalCells(annualFormat('national-2021'));
/** The orientation each sheet is laid out for, as first seen (the same in every workbook). */
const ORIENTATION: Record<string, 'landscape' | 'portrait'> = {};

const get = app.get;
const load = loadWorkbook;

describe('the annual-report workbooks in print and in LibreOffice', () => {
  const files: Record<string, Buffer> = {};

  beforeAll(async () => {
    const accepted = app.srv.sqlite.prepare("select unit_code as unit from annual_reports where year = 2018 and status = 'accepted' order by unit_code limit 1").get() as { unit: string };
    files['填报模板'] = await get('/api/excel/annual/template?unit=330108&year=2018', '330108');
    files['年度报告'] = await get(`/api/excel/annual/report?unit=${accepted.unit}&year=2018`, 'office');
    files['全省汇总'] = await get('/api/excel/annual/summary?year=2018', 'office');
  });

  it('every sheet: A4 in its orientation, the body ≥ 9 pt as printed, no text clipped', async () => {
    const seen: string[] = [];
    for (const [name, buf] of Object.entries(files)) {
      const wb = await load(buf);
      for (const ws of wb.worksheets.filter((w) => w.state === 'visible')) {
        const orientation = ws.pageSetup.orientation === 'portrait' ? 'portrait' : 'landscape';
        ORIENTATION[ws.name] ??= orientation;
        expect(orientation, `${name} ${ws.name}: the same orientation in every workbook`).toBe(ORIENTATION[ws.name]);
        expect(printFindings(ws, orientation).findings, `${name} ${ws.name}`).toEqual([]);
        seen.push(`${name}/${ws.name}`);
      }
    }
    expect(seen).toEqual(['填报模板/表二', '填报模板/表三', '填报模板/表四', '填报模板/文字部分', '年度报告/表二', '年度报告/表三', '年度报告/表四', '年度报告/文字部分', '全省汇总/表二', '全省汇总/表三', '全省汇总/表四', '全省汇总/各设区市']);
    // The tables wider than 8 columns (表三, 表四, the cities) across the page; 表二 and the texts upright.
    expect(ORIENTATION).toEqual({ 表二: 'portrait', 表三: 'landscape', 表四: 'landscape', 文字部分: 'portrait', 各设区市: 'landscape' });
  });

  it.skipIf(!hasLibreOffice)('LibreOffice prints each workbook on A4 pages, across for the wide sheets and upright for the others', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-annual-print-'));
    try {
      await libreOfficeConvert(dir, files, 'pdf');
      for (const name of Object.keys(files)) {
        const pages = pdfPageSizes(fs.readFileSync(path.join(dir, `${name}.pdf`)));
        const wb = await load(files[name]);
        const sheets = wb.worksheets.filter((w) => w.state === 'visible');
        expect(pages.length, name).toBeGreaterThanOrEqual(sheets.length);
        const sizes = new Set(pages.map((p) => `${Math.round(p.w)}×${Math.round(p.h)}`));
        const wanted = new Set(sheets.map((w) => (w.pageSetup.orientation === 'portrait' ? '595×842' : '842×595')));
        expect(sizes, `${name}: every page A4 in its sheet's orientation`).toEqual(wanted);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(!hasLibreOffice)('a template filled and re-saved by LibreOffice uploads cleanly: the values typed are stored, totals recomputed', async () => {
    const d = sampleAnnualData();
    const wb = await load(files['填报模板']);
    for (const [key, v] of Object.entries(d.cells)) {
      if (totals.has(key)) continue;
      const at = layout.at.get(key)!;
      wb.getWorksheet(at.sheet)!.getCell(at.address).value = v;
    }
    const texts = wb.getWorksheet(SHEET_TEXTS)!;
    texts.getCell(layout.at.get('texts.overview')!.address).value = d.texts.overview;
    texts.getCell(layout.at.get('publishedUrl')!.address).value = d.publishedUrl;
    texts.getCell(layout.at.get('publishedOn')!.address).value = '2019年1月20日';
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-annual-lo-'));
    try {
      await libreOfficeConvert(dir, { 滨江区年度报告: filled }, 'xlsx:Calc MS Excel 2007 XML');
      const resaved = fs.readFileSync(path.join(dir, '滨江区年度报告.xlsx'));
      expect(resaved.equals(filled)).toBe(false);
      const fd = new FormData();
      fd.append('file', new Blob([new Uint8Array(resaved)]), '滨江区年度报告.xlsx');
      const res = await fetch(`${app.srv.url}/api/excel/annual/upload?unit=330108&year=2018`, { method: 'POST', headers: { cookie: app.cookie('330108') }, body: fd });
      const body = (await res.json()) as { error?: unknown };
      expect(body.error).toBeUndefined();
      expect(res.status).toBe(200);
      const stored = await callerFor(app.srv.services, '330108').annualReports.get({ unitCode: '330108', year: 2018 });
      expect(stored.data).toEqual({ cells: d.cells, texts: { overview: d.texts.overview }, publishedUrl: d.publishedUrl, publishedOn: '2019-01-20' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
