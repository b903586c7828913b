import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorkbook } from '../../client/lib/charts/excel';
import { hasLibreOffice, libreOfficeConvert, loadWorkbook, pdfPageSizes, printFindings, printTestServer } from '../../tests/helpers/print';

/**
 * Printing (issue 13, items 8 and 9): the template and the exports print on A4 landscape, no text
 * clipped, nothing printed smaller than 9 pt. The workbook is read back and measured cell by cell
 * (what Excel and LibreOffice lay out from), then LibreOffice prints each to PDF and every page is
 * A4 landscape.
 */

const app = printTestServer(['330108', 'office']);

const get = app.get;
const load = loadWorkbook;

describe('printing the template and the exports', () => {
  let template: Buffer;
  let assessment: Buffer;
  let ranking: Buffer;

  beforeAll(async () => {
    template = await get('/api/excel/template?unit=330108&period=2018Q4', '330108');
    assessment = await get('/api/excel/assessment?year=2018', 'office');
    // The browser's ranking table export (client/lib/charts/excel.ts), built the same way here.
    const office = await app.srv.login('office');
    const r = await office.client.scores.ranking.query({ year: 2018 });
    const groups = r.run!.groups;
    const wb = await buildWorkbook({
      fileName: '排名表',
      sheetName: '设区市排名',
      title: '2018年度全省住房城乡建设系统政务公开工作考核结果',
      note: '草稿（未发布）',
      columns: [
        { key: 'rank', title: '排名', kind: 'int' },
        { key: 'name', title: '单位', kind: 'text' },
        ...groups.map((g) => ({ key: g.code, title: g.name, kind: 'decimal' as const })),
        { key: 'adjustment', title: '调整', kind: 'decimal' },
        { key: 'S', title: '得分 S', kind: 'decimal' },
        { key: 'grade', title: '等级', kind: 'text' },
        { key: 'prev', title: '较上期', kind: 'text' },
      ],
      rows: r.run!.cities.map((c) => ({
        rank: c.rank,
        name: c.name,
        ...Object.fromEntries(groups.map((g) => [g.code, c.groups[g.code] / 100])),
        adjustment: c.adjustmentTotal ? c.adjustmentTotal / 100 : '—',
        S: c.S / 100,
        grade: c.grade ?? '—',
        prev: c.changeVsPreviousPeriod === null ? '—' : (c.changeVsPreviousPeriod / 100).toFixed(2),
      })),
    });
    ranking = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it('the template: A4 landscape at full size, every text in full, the header rows repeated, a signature block', async () => {
    const wb = await load(template);
    const form = wb.getWorksheet('填报表')!;
    const guide = wb.getWorksheet('填报说明')!;
    for (const ws of [form, guide]) {
      const { findings, scale } = printFindings(ws);
      expect(findings, ws.name).toEqual([]);
      expect(scale, `${ws.name} prints at 100 %`).toBe(1);
    }
    expect(form.pageSetup.printTitlesRow).toBe('4:4');
    // The guide's indicator table repeats its header row on every page.
    const headRow = Number(/^(\d+):\1$/.exec(guide.pageSetup.printTitlesRow ?? '')?.[1]);
    expect(guide.getRow(headRow).getCell(1).value).toBe('指标代码');
    // The paper form's signatures and seal, below the table, with column A (codes) left empty.
    const texts = new Map<string, string>();
    form.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.set(c.value, c.address))));
    for (const label of ['填报人：', '联系电话：', '单位负责人（签字）：', '填报日期：', '单位盖章']) {
      expect(texts.get(label), label).toMatch(/^[B-Z]\d+$/);
    }
    const sealRow = Number(texts.get('单位盖章')!.slice(1));
    expect(sealRow).toBeGreaterThan(4 + 1);
    expect(form.getCell(texts.get('单位盖章')!).border?.left?.style).toBe('medium');
  });

  it('the exports: A4 landscape, ≥ 9 pt, nothing clipped; 分项得分 split across pages with the unit columns repeated; borders and "—"', async () => {
    const wb = await load(assessment);
    for (const ws of wb.worksheets) expect(printFindings(ws).findings, ws.name).toEqual([]);
    const groups = wb.getWorksheet('分项得分')!;
    expect(groups.pageSetup.fitToPage).toBe(false);
    expect(groups.pageSetup.printTitlesColumn).toBe('A:B');

    const table = await load(ranking);
    const ws = table.worksheets[0];
    expect(printFindings(ws).findings).toEqual([]);
    const fonts = new Set<string>();
    ws.eachRow((row) => row.eachCell((c) => void fonts.add(c.font?.name ?? '(默认)')));
    expect([...fonts]).toEqual(['宋体']);
    const header = ws.getRow(3);
    expect(header.getCell(1).border?.top?.style).toBe('thin');
    expect(ws.getRow(4).getCell(2).border?.left?.style).toBe('thin');
    const adjCol = (header.values as unknown[]).indexOf('调整');
    expect(ws.getRow(4).getCell(adjCol).value).toBe('—');
  });

  it.skipIf(!hasLibreOffice)('LibreOffice prints the template and the exports on A4 landscape pages', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-print-'));
    try {
      const files = { 填报模板: template, 考核结果: assessment, 排名表: ranking };
      await libreOfficeConvert(dir, files, 'pdf');
      for (const name of Object.keys(files)) {
        const pages = pdfPageSizes(fs.readFileSync(path.join(dir, `${name}.pdf`)));
        expect(pages.length, name).toBeGreaterThan(0);
        for (const p of pages) {
          expect(Math.round(p.w), `${name} page width`).toBe(842);
          expect(Math.round(p.h), `${name} page height`).toBe(595);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
