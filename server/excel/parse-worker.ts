/**
 * The worker-thread side of workbook parsing (see parse-pool.ts): bytes in → plain data out, so a
 * large or hostile workbook costs this thread's time and memory, never the server's event loop.
 *
 * - `read`: the whole pre-check (signature, ZIP limits, total XML and cell caps), then exceljs loads
 *   the workbook and the hidden template information and the cells of 填报表 come back as plain values;
 * - `mark`: the user's workbook with the wrong cells filled red and noted (as .xlsx bytes).
 */
import { parentPort } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { EXCEL_MSG } from './messages';
import { markWorkbook, readMeta, readMetaPairs } from './parse';
import { precheckXlsx } from './safe-zip';
import { SHEET_FORM } from './template';
import type { ParseJob, ParseReply, PlainCell, PlainSheet } from './parse-pool';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook | null> {
  const wb = new ExcelJS.Workbook();
  try {
    // A plain ArrayBuffer copy: exceljs's typings predate Node's generic Buffer.
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    return wb;
  } catch {
    return null;
  }
}

function plain(ws: ExcelJS.Worksheet | undefined): PlainSheet | null {
  if (!ws) return null;
  const cells: PlainCell[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.value !== null && cell.value !== undefined) cells.push([r, c, cell.value]);
    });
  });
  return { rowCount: ws.rowCount, cells };
}

async function handle(job: ParseJob): Promise<ParseReply> {
  if (job.kind === 'read' || job.kind === 'sheets') {
    const pre = precheckXlsx(job.fileName, job.bytes);
    if (pre) return { ok: false, message: pre };
    const wb = await load(job.bytes);
    if (!wb) return { ok: false, message: EXCEL_MSG.corrupt };
    if (job.kind === 'sheets') {
      const names = job.sheets === 'first' ? wb.worksheets.slice(0, 1).map((ws) => ws.name) : job.sheets;
      return { ok: true, kind: 'sheets', meta: readMetaPairs(wb), sheets: Object.fromEntries(names.map((name) => [name, plain(wb.getWorksheet(name))])) };
    }
    return { ok: true, kind: 'read', meta: readMeta(wb), form: plain(wb.getWorksheet(SHEET_FORM)) };
  }
  const wb = await load(job.bytes);
  if (!wb) return { ok: false, message: EXCEL_MSG.corrupt };
  const marked = await markWorkbook(wb, job.problems);
  return { ok: true, kind: 'mark', marked: new Uint8Array(marked.buffer, marked.byteOffset, marked.byteLength) };
}

parentPort?.on('message', (msg: { id: number; job: ParseJob }) => {
  handle(msg.job).then(
    (reply) => {
      const transfer = reply.ok && reply.kind === 'mark' ? [reply.marked.buffer as ArrayBuffer] : [];
      parentPort!.postMessage({ id: msg.id, reply }, transfer);
    },
    (err: unknown) => parentPort!.postMessage({ id: msg.id, reply: { ok: false, message: EXCEL_MSG.corrupt, detail: String(err) } }),
  );
});
