import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './test-server';
import { columnPx, displayWidth, PRINT_MARGINS, PRINT_WIDTH_PX } from '../../server/excel/export-workbook';

/**
 * Printing checks shared by the workbook tests: a sheet measured cell by cell as printed (what Excel
 * and LibreOffice lay out from), and LibreOffice run headless to print (or re-save) workbooks.
 */

export const LIBREOFFICE = process.env.LIBREOFFICE_PATH ?? '/usr/bin/libreoffice';
export const hasLibreOffice = fs.existsSync(LIBREOFFICE);

/** A workbook's bytes read back with exceljs. */
export async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  return wb;
}

/** A download's bytes; anything but 200 is an error naming the address. */
export async function downloadBytes(baseUrl: string, pathAndQuery: string, cookie: string): Promise<Buffer> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * The app started for a print test file, with `users` signed in (registers its own beforeAll and
 * afterAll): `get(url, who)` downloads as one of them.
 */
export function printTestServer(users: readonly string[]) {
  let srv: TestServer | undefined;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    srv = await startTestServer();
    for (const u of users) cookies[u] = (await srv.login(u)).cookie;
  });
  afterAll(() => srv?.close());
  return {
    get srv(): TestServer {
      if (!srv) throw new Error('printTestServer: the server starts in beforeAll');
      return srv;
    },
    cookie: (who: string) => cookies[who],
    get: (url: string, who: string) => downloadBytes(srv!.url, url, cookies[who]),
  };
}

/** LibreOffice converts `files` (name → bytes, written as name.xlsx in `dir`) to `to` ('pdf', 'xlsx:Calc MS Excel 2007 XML') in `dir`. */
export async function libreOfficeConvert(dir: string, files: Record<string, Buffer>, to: string, timeout = 150_000): Promise<void> {
  const inDir = path.join(dir, 'in');
  fs.mkdirSync(inDir, { recursive: true });
  for (const [name, buf] of Object.entries(files)) fs.writeFileSync(path.join(inDir, `${name}.xlsx`), buf);
  await promisify(execFile)(
    LIBREOFFICE,
    ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', to, '--outdir', dir, ...Object.keys(files).map((n) => path.join(inDir, `${n}.xlsx`))],
    { timeout, env: { ...process.env, HOME: dir } },
  );
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

export interface PrintFinding {
  sheet: string;
  cell: string;
  problem: string;
}

/** The printable width of A4 portrait in the same pixels as PRINT_WIDTH_PX (A4 landscape, 11.69 in less the margins). */
const PORTRAIT_WIDTH_PX = Math.floor((PRINT_WIDTH_PX * (8.27 - PRINT_MARGINS.left - PRINT_MARGINS.right)) / (11.69 - PRINT_MARGINS.left - PRINT_MARGINS.right));

/**
 * Measures a sheet as printed: the scale (fit-to-width shrinks a sheet wider than the page), each
 * cell's printed font size, and whether its text fits its (merged) cell — on one line when it does
 * not wrap, in the row's height when it does.
 */
export function printFindings(ws: ExcelJS.Worksheet, orientation: 'landscape' | 'portrait' = 'landscape'): { findings: PrintFinding[]; scale: number } {
  const findings: PrintFinding[] = [];
  const ps = ws.pageSetup;
  if (ps.paperSize !== 9 || ps.orientation !== orientation) findings.push({ sheet: ws.name, cell: '', problem: `纸张 ${ps.paperSize} ${ps.orientation}` });
  const printWidth = orientation === 'landscape' ? PRINT_WIDTH_PX : PORTRAIT_WIDTH_PX;
  const widthOf = (c: number) => ws.getColumn(c).width ?? 9;
  let used = 0;
  ws.eachRow((row) => row.eachCell((cell) => (used = Math.max(used, Number(cell.col)))));
  const totalPx = Array.from({ length: used }, (_, i) => columnPx(widthOf(i + 1))).reduce((a, b) => a + b, 0);
  const scale = ps.fitToPage && ps.fitToWidth === 1 ? Math.min(1, printWidth / totalPx) : (ps.scale ?? 100) / 100;
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
export function pdfPageSizes(pdf: Buffer): { w: number; h: number }[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/Type\s*\/Page\b[^s][\s\S]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => ({
    w: Number(m[3]) - Number(m[1]),
    h: Number(m[4]) - Number(m[2]),
  }));
}

