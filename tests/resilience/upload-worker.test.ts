/**
 * Excel uploads are parsed in a worker thread (server/excel/parse-pool.ts): no upload loads a workbook
 * on the event loop's thread, and `/healthz` keeps answering while the worst workbook the caps still
 * accept is read (its latency is a bench figure); workbooks over the caps on total XML (comments
 * included) or cells are refused with the Chinese message.
 */
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readAccountList } from '../../server/services/accounts';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { checkZip, DEFAULT_ZIP_LIMITS, precheckXlsx } from '../../server/excel/safe-zip';
import { EXCEL_MSG } from '../../server/excel/messages';
import { makeZip, worstAcceptedWorkbook } from '../fixtures-bad/bad-files';

let s: TestServer;
let cookie: string;
beforeAll(async () => {
  s = await startTestServer();
  cookie = (await s.login('330108')).cookie;
});
afterAll(() => s.close());

async function template(): Promise<Buffer> {
  const res = await fetch(`${s.url}/api/excel/template?unit=330108&period=2018Q4`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const worstAccepted = async () => worstAcceptedWorkbook(await template());

async function upload(bytes: Buffer) {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(bytes)]), '填报模板.xlsx');
  const res = await fetch(`${s.url}/api/excel/upload?unit=330108&period=2018Q4`, { method: 'POST', headers: { cookie }, body: fd });
  return { status: res.status, body: (await res.json()) as { error?: unknown } };
}

/**
 * Counts exceljs workbook loads on this thread (the server runs in this process): exceljs's XLSX
 * reader is patched here, so a load in a worker thread (its own copy of the module) is not counted.
 */
function countLoadsOnThisThread(): { count: () => number; restore: () => void } {
  const XLSX = createRequire(import.meta.url)('exceljs/lib/xlsx/xlsx.js') as { prototype: { load: (...a: unknown[]) => unknown } };
  const original = XLSX.prototype.load;
  let n = 0;
  XLSX.prototype.load = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return { count: () => n, restore: () => void (XLSX.prototype.load = original) };
}

describe('uploads parsed in a worker thread', () => {
  it('the worst accepted workbook and an account list are read off the event loop, and /healthz keeps answering meanwhile', { timeout: 120_000 }, async () => {
    const worst = await worstAccepted();
    const check = checkZip(worst);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    // Near the caps: more than half of the XML budget or of the cell budget.
    expect(check.xmlBytes / DEFAULT_ZIP_LIMITS.maxXmlBytes + check.cells / DEFAULT_ZIP_LIMITS.maxCells).toBeGreaterThan(1);
    expect(worst.length).toBeLessThan(5 * 1024 * 1024);

    const loads = countLoadsOnThisThread();
    onTestFinished(loads.restore);
    // The counter sees loads on this thread.
    await new ExcelJS.Workbook().xlsx.load(new Uint8Array(await template()).buffer);
    expect(loads.count()).toBe(1);

    await upload(await template()); // warm the worker up
    let done = false;
    const pending = upload(worst).finally(() => {
      done = true;
    });
    let answered = 0;
    while (!done) {
      const res = await fetch(`${s.url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) answered++;
      await new Promise((r) => setTimeout(r, 10));
    }
    const answer = await pending;
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
    // /healthz was answered throughout the parse (how fast: `npm run bench -- --only=upload`).
    expect(answered).toBeGreaterThan(5);

    // The system administrator's account list (another upload) is read in the worker too.
    const list = new ExcelJS.Workbook();
    list.addWorksheet('账号清单').addRows([
      ['单位代码', '姓名', '手机号', '角色'],
      ['330108', '钱多多', '13800000000', ''],
    ]);
    const bytes = Buffer.from(await list.xlsx.writeBuffer());
    const { rows } = await readAccountList(s.services.units, '账号清单.xlsx', bytes);
    expect(rows).toEqual([{ unitCode: '330108', displayName: '钱多多', role: 'county', phone: '13800000000' }]);
    expect(loads.count(), 'workbook loads on the event loop thread').toBe(1);
  });

  it('refuses a workbook whose comments part alone is over the XML cap, and one with too many cells', async () => {
    const base = [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ];
    let seed = 11;
    const notes: string[] = [];
    for (let length = 0; length < DEFAULT_ZIP_LIMITS.maxXmlBytes + 1024; ) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      notes.push(`<comment ref="A1"><text><t>${seed}</t></text></comment>`);
      length += notes[notes.length - 1].length;
    }
    const comments = makeZip([...base, { name: 'xl/comments1.xml', data: Buffer.from(notes.join('')), level: 1 }]);
    expect(precheckXlsx('a.xlsx', comments)).toBe(EXCEL_MSG.xmlTooLarge);
    expect((await upload(comments)).body).toMatchObject({ error: { message: EXCEL_MSG.xmlTooLarge } });

    const row = Array.from({ length: DEFAULT_ZIP_LIMITS.maxCells + 1 }, (_, i) => `<c t="n"><v>${(i * 7919) % 100_003}</v></c>`).join('');
    const cells = Buffer.from(`<sheetData><row r="1">${row}</row></sheetData>`);
    const many = makeZip([...base, { name: 'xl/worksheets/sheet1.xml', data: cells }]);
    expect(precheckXlsx('a.xlsx', many)).toBe(EXCEL_MSG.tooManyCells);
  });
});
