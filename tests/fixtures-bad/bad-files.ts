/**
 * The corpus of bad upload files, generated at test time (no committed binaries): each builder
 * takes what it needs (usually a freshly downloaded template) and returns the bytes a user might
 * send. Workbooks are edited with exceljs the way a person edits them in a spreadsheet program.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** General-purpose flags (bit 0: encrypted). */
  flags?: number;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** zlib level (default 9). */
  level?: number;
}

/** A minimal ZIP writer, so tests control every header field (sizes, flags). */
export function makeZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(e.data, { level: e.level ?? 9 }) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const crc = zlib.crc32 ? zlib.crc32(e.data) : 0;
    const flags = (e.flags ?? 0) | 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A ZIP with the parts an .xlsx needs and a huge entry of zeros (tens of MB from a few KB). */
export function zipBomb(totalMb = 60): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: 'xl/media/image1.bin', data: Buffer.alloc(totalMb * 1024 * 1024) },
  ]);
}

/** An entry that claims to be small but inflates to much more than it says. */
export function lyingZipBomb(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: 'xl/sharedStrings.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x41), declaredSize: 1000 },
  ]);
}

/** A ZIP whose entries are marked encrypted. */
export function encryptedZip(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>'), flags: 0x1 },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>'), flags: 0x1 },
  ]);
}

/** An OLE compound file header: what Excel writes for an encrypted workbook (and legacy .xls). */
export function oleFile(): Buffer {
  const b = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  return b;
}

export function renamedPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

export function notAWorkbook(): Buffer {
  return Buffer.from('单位,指标,数值\n滨江区,HS-01,120\n', 'utf8');
}

/** A real ZIP (a Word-like package) without the workbook parts. */
export function zipWithoutWorkbook(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><document/>') },
  ]);
}

export function truncated(buf: Buffer): Buffer {
  return buf.subarray(0, Math.floor(buf.length / 2));
}

export function oversized(): Buffer {
  const b = Buffer.alloc(5 * 1024 * 1024 + 1024, 0x20);
  Buffer.from('PK\u0003\u0004', 'latin1').copy(b, 0);
  return b;
}

export type CellEdit = ExcelJS.CellValue;

/** Opens a workbook, applies edits to 填报表 (address → value) and saves it, like a person would. */
export async function editWorkbook(buf: Buffer, edits: Record<string, CellEdit>, more?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  const ws = wb.getWorksheet('填报表');
  if (!ws) throw new Error('no 填报表');
  for (const [addr, value] of Object.entries(edits)) ws.getCell(addr).value = value;
  more?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Deletes one row of 填报表 (the rows below move up), as "Delete row" in a spreadsheet program. */
export async function deleteRow(buf: Buffer, row: number): Promise<Buffer> {
  return editWorkbook(buf, {}, (wb) => wb.getWorksheet('填报表')!.spliceRows(row, 1));
}

/**
 * The template plus an extra sheet of numbers and long notes: as close to the caps on total XML and
 * cells (server/excel/safe-zip.ts) as a user could get while still being accepted.
 */
export async function worstAcceptedWorkbook(template: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(template).buffer);
  const extra = wb.addWorksheet('附加');
  for (let r = 1; r <= 400; r++) {
    const row: (string | number)[] = [];
    for (let c = 1; c <= 220; c++) row.push((r * 7919 + c * 104_729) % 1_000_003);
    extra.addRow(row);
  }
  for (let i = 1; i <= 1500; i++) extra.getCell(i % 400 || 1, (i % 200) + 1).note = `批注 ${i}：`.padEnd(400, '说明');
  return Buffer.from(await wb.xlsx.writeBuffer());
}
