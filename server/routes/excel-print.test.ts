import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { buildWorkbook } from '../../client/lib/charts/excel';
import { columnPx, displayWidth, PRINT_WIDTH_PX } from '../excel/export-workbook';

/**
 * Printing (issue 13, items 8 and 9): the template and the exports print on A4 landscape, no text
 * clipped, nothing printed smaller than 9 pt. The workbook is read back and measured cell by cell
 * (what Excel and LibreOffice lay out from), then LibreOffice prints each to PDF and every page is
 * A4 landscape.
 */

const run = promisify(execFile);
const LIBREOFFICE = process.env.LIBREOFFICE_PATH ?? '/usr/bin/libreoffice';
let srv: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  srv = await startTestServer();
  for (const u of ['330108', 'office']) cookies[u] = (await srv.login(u)).cookie;
});
afterAll(() => srv.close());

async function get(url: string, who: string): Promise<Buffer> {
  const res = await fetch(`${srv.url}${url}`, { headers: { cookie: cookies[who] } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  return wb;
}

function colNo(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Text lines a cell's text needs at `size` pt in `width` characters (Excel widths are at 11 pt). */
function lines(text: string, width: number, size: number, wrap: boolean): number {
  if (!wrap) return text.split('\n').length;
  const per = Math.max(1, (width - 1) * (11 / size));
  return text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(displayWidth(l) / per)), 0);
}

interface PrintFinding {
  sheet: string;
  cell: string;
  problem: string;
}

/**
 * Measures a sheet as printed: the scale (fit-to-width shrinks a sheet wider than the page), each
 * cell's printed font size, and whether its text fits its (merged) cell — on one line when it does
 * not wrap, in the row's height when it does.
 */
function printFindings(ws: ExcelJS.Worksheet): { findings: PrintFinding[]; scale: number } {
  const findings: PrintFinding[] = [];
  const ps = ws.pageSetup;
  if (ps.paperSize !== 9 || ps.orientation !== 'landscape') findings.push({ sheet: ws.name, cell: '', problem: `纸张 ${ps.paperSize} ${ps.orientation}` });
  const widthOf = (c: number) => ws.getColumn(c).width ?? 9;
  let used = 0;
  ws.eachRow((row) => row.eachCell((cell) => (used = Math.max(used, Number(cell.col)))));
  const totalPx = Array.from({ length: used }, (_, i) => columnPx(widthOf(i + 1))).reduce((a, b) => a + b, 0);
  const scale = ps.fitToPage && ps.fitToWidth === 1 ? Math.min(1, PRINT_WIDTH_PX / totalPx) : (ps.scale ?? 100) / 100;
  const merges = new Map<string, { cols: number[]; rows: number[] }>();
  for (const m of (ws.model as { merges?: string[] }).merges ?? []) {
    const [, c1, r1, c2, r2] = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(m)!;
    const cols = Array.from({ length: colNo(c2) - colNo(c1) + 1 }, (_, i) => colNo(c1) + i);
    const rows = Array.from({ length: Number(r2) - Number(r1) + 1 }, (_, i) => Number(r1) + i);
    merges.set(`${c1}${r1}`, { cols, rows });
  }
  ws.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const text = cell.text;
      if (!text) return;
      const size = cell.font?.size ?? 11;
      if (size * scale < 9 - 1e-9) findings.push({ sheet: ws.name, cell: cell.address, problem: `字号 ${size} × ${scale.toFixed(2)} < 9 pt` });
      const span = merges.get(cell.address) ?? { cols: [c], rows: [r] };
      const width = span.cols.reduce((a, col) => a + widthOf(col), 0);
      const wrap = cell.alignment?.wrapText === true;
      // Numbers and dates never clip (Excel shows ### instead) and their widths come from their formats.
      const numeric = typeof cell.value === 'number' || cell.value instanceof Date;
      if (!wrap && !numeric && !cell.alignment?.shrinkToFit) {
        const need = Math.max(...text.split('\n').map((l) => displayWidth(l))) * (size / 11);
        if (need > width + 0.5) findings.push({ sheet: ws.name, cell: cell.address, problem: `“${text.slice(0, 20)}”宽 ${need.toFixed(1)} > 列宽 ${width}` });
      }
      const height = span.rows.reduce((a, rr) => a + (ws.getRow(rr).height ?? 15), 0);
      const needH = lines(text, width, size, wrap) * size * 1.2;
      if (needH > height + 0.5) findings.push({ sheet: ws.name, cell: cell.address, problem: `“${text.slice(0, 20)}”高 ${needH.toFixed(0)} > 行高 ${height}` });
    }),
  );
  return { findings, scale };
}

/** Every page's size in a PDF (LibreOffice writes plain page dictionaries). */
function pdfPageSizes(pdf: Buffer): { w: number; h: number }[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/Type\s*\/Page\b[^s][\s\S]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => ({
    w: Number(m[3]) - Number(m[1]),
    h: Number(m[4]) - Number(m[2]),
  }));
}

describe('printing the template and the exports', () => {
  let template: Buffer;
  let assessment: Buffer;
  let ranking: Buffer;

  beforeAll(async () => {
    template = await get('/api/excel/template?unit=330108&period=2018Q4', '330108');
    assessment = await get('/api/excel/assessment?year=2018', 'office');
    // The browser's ranking table export (client/lib/charts/excel.ts), built the same way here.
    const office = await srv.login('office');
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

  it.skipIf(!fs.existsSync(LIBREOFFICE))('LibreOffice prints the template and the exports on A4 landscape pages', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-print-'));
    try {
      const files = { 填报模板: template, 考核结果: assessment, 排名表: ranking };
      for (const [name, buf] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.xlsx`), buf);
      await run(
        LIBREOFFICE,
        ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, ...Object.keys(files).map((n) => path.join(dir, `${n}.xlsx`))],
        { timeout: 150_000, env: { ...process.env, HOME: dir } },
      );
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
