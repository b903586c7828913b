/**
 * Workbook parsing off the event loop: uploaded bytes go to a worker thread (parse-worker.ts), which
 * pre-checks them (safe-zip.ts: ZIP limits, total XML over all parts, cell count), lets exceljs read
 * them, and sends back plain data — the hidden template information and the cells of 填报表 — or
 * the marked workbook's bytes. Requests keep being answered (`/healthz` within milliseconds) while a
 * workbook is parsed, and a workbook that exhausts a worker's memory limit kills only that worker.
 *
 * Workers run TypeScript through tsx's loader, registered inside the worker, so this works under
 * `npm start` (tsx), vitest and plain node alike.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import { EXCEL_MSG } from './messages';
import type { TemplateMeta } from './template';
import type { CellProblem } from '../../shared/excel';
import type { SheetLike } from './parse';

export type PlainCell = [row: number, col: number, value: ExcelJS.CellValue];

export type ParseJob =
  | { kind: 'read'; fileName: string; bytes: Uint8Array }
  /** The named sheets, or the first sheet whatever its name. */
  | { kind: 'sheets'; fileName: string; bytes: Uint8Array; sheets: string[] | 'first' }
  | { kind: 'mark'; bytes: Uint8Array; problems: CellProblem[] };

/** The cells of one sheet as plain values. */
export interface PlainSheet {
  rowCount: number;
  cells: PlainCell[];
}

export type ParseReply =
  | { ok: false; message: string; detail?: string }
  | { ok: true; kind: 'read'; meta: TemplateMeta | null; form: PlainSheet | null }
  /** Any workbook of ours: the hidden template information as key/value pairs, and the named sheets (null: missing). */
  | { ok: true; kind: 'sheets'; meta: Record<string, string> | null; sheets: Record<string, PlainSheet | null> }
  | { ok: true; kind: 'mark'; marked: Uint8Array };


/** The cells of a sheet read in the worker, addressable like an ExcelJS worksheet. */
export function plainSheet(form: PlainSheet): SheetLike {
  const byKey = new Map<number, ExcelJS.CellValue>();
  for (const [r, c, v] of form.cells) byKey.set(r * 16_384 + c, v);
  return { rowCount: form.rowCount, getCell: (row, col) => ({ value: byKey.get(row * 16_384 + col) ?? null }) };
}

/** Memory a worker may use; exceljs needs several times the XML size, which the caps bound. */
const WORKER_HEAP_MB = 512;
const WORKER_SOURCE = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
/** Registers tsx inside the worker when the worker's source is TypeScript. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.source.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import(workerData.source);
})();
`;

interface Pending {
  resolve: (r: ParseReply) => void;
}

class ParseWorker {
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  dead = false;

  constructor() {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { source: WORKER_SOURCE.href },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; reply: ParseReply }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg.reply);
    });
    const fail = () => {
      this.dead = true;
      // Out of memory or crashed: the workbook was too much; the next job gets a fresh worker.
      for (const p of this.pending.values()) p.resolve({ ok: false, message: EXCEL_MSG.tooComplex });
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  get busy(): number {
    return this.pending.size;
  }

  run(job: ParseJob): Promise<ParseReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      // The bytes are copied into the message (the caller keeps its Buffer, e.g. for the audit hash).
      this.worker.postMessage({ id, job });
    });
  }
}

const pool: ParseWorker[] = [];
const POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1));

function pick(): ParseWorker {
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i].dead) pool.splice(i, 1);
  const idle = pool.find((w) => w.busy === 0);
  if (idle) return idle;
  if (pool.length < POOL_SIZE) {
    const w = new ParseWorker();
    pool.push(w);
    return w;
  }
  return pool.reduce((a, b) => (b.busy < a.busy ? b : a));
}

/** Pre-checks and reads an uploaded workbook in a worker thread. */
export async function readWorkbook(fileName: string, bytes: Uint8Array): Promise<Extract<ParseReply, { kind: 'read' }> | { ok: false; message: string }> {
  const reply = await pick().run({ kind: 'read', fileName, bytes });
  if (!reply.ok) return reply;
  if (reply.kind !== 'read') return { ok: false, message: EXCEL_MSG.corrupt };
  return reply;
}

/** Pre-checks an uploaded workbook and reads its hidden template information and the named sheets, in a worker thread. */
export async function readWorkbookSheets(fileName: string, bytes: Uint8Array, sheets: string[] | 'first'): Promise<Extract<ParseReply, { kind: 'sheets' }> | { ok: false; message: string }> {
  const reply = await pick().run({ kind: 'sheets', fileName, bytes, sheets });
  if (!reply.ok) return reply;
  if (reply.kind !== 'sheets') return { ok: false, message: EXCEL_MSG.corrupt };
  return reply;
}

/** The user's workbook with the wrong cells marked, made in a worker thread; null if it cannot be made. */
export async function markWorkbookBytes(bytes: Uint8Array, problems: CellProblem[]): Promise<Buffer | null> {
  const reply = await pick().run({ kind: 'mark', bytes, problems });
  if (!reply.ok || reply.kind !== 'mark') return null;
  return Buffer.from(reply.marked.buffer, reply.marked.byteOffset, reply.marked.byteLength);
}

/** Ends the workers (tests; the process otherwise ends them with itself). */
export async function closeParseWorkers(): Promise<void> {
  await Promise.all(pool.splice(0).map((w) => w.worker.terminate()));
}
