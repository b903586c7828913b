/**
 * Checks an uploaded file before any spreadsheet library sees it: that it is what it claims to be
 * (an .xlsx = a ZIP with the OOXML workbook parts), that it is not encrypted or a legacy .xls, and
 * that unpacking it is bounded (a ZIP bomb is refused without being inflated beyond the limits).
 *
 * The central directory is read by hand; every entry is then inflated with `maxOutputLength` set to
 * its declared size, so an entry that lies about its size stops at the declared size instead of
 * filling memory. Only when every entry checks out are the bytes handed to exceljs (whose jszip
 * reads the same central directory and therefore inflates exactly what was checked here).
 */
import zlib from 'node:zlib';
import { EXCEL_MSG } from './messages';

/**
 * A filled-in template is a few dozen KB of XML and a few hundred cells. Above these an upload is
 * refused before exceljs sees it (a 4.6 MB workbook of 45 MB comments once took the server to 838 MB).
 */
export const MAX_XML_BYTES = 8 * 1024 * 1024;
export const MAX_CELLS = 100_000;

export interface ZipLimits {
  /** Total uncompressed size of all entries. */
  maxTotalUncompressed: number;
  /**
   * Total uncompressed size of all XML parts (worksheets, shared strings, comments, drawings, VML…):
   * exceljs builds every part in memory at several times its size, whichever part it is.
   */
  maxXmlBytes: number;
  /** Cells (`<c>` elements) over all worksheets. */
  maxCells: number;
  maxEntries: number;
  /** An entry larger than this (uncompressed) may not compress better than `maxRatio`:1. */
  ratioCheckFrom: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 50 * 1024 * 1024,
  maxXmlBytes: MAX_XML_BYTES,
  maxCells: MAX_CELLS,
  maxEntries: 1000,
  ratioCheckFrom: 1024 * 1024,
  maxRatio: 100,
};

export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipCheck = { ok: true; entries: ZipEntryInfo[]; totalUncompressed: number; xmlBytes: number; cells: number } | { ok: false; message: string };

const XML_PART = /\.(xml|rels|vml)$/i;
const SHEET_PART = /^\/?xl\/worksheets\/[^/]+\.xml$/i;

/** `<c>` elements in worksheet XML (`<c ` or `<c>`; `<col`, `<cols`, `<cfRule` are not cells). */
function countCells(xml: Buffer): number {
  let n = 0;
  for (let i = xml.indexOf('<c', 0); i >= 0; i = xml.indexOf('<c', i + 2)) {
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n++;
  }
  return n;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What the first bytes say the file is. */
export function sniffKind(buf: Uint8Array): 'zip' | 'ole' | 'pdf' | 'other' {
  const b = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, 8));
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7) && (b[3] === 4 || b[3] === 6 || b[3] === 8)) return 'zip';
  if (b.length >= 8 && b.equals(OLE_SIGNATURE)) return 'ole';
  if (b.length >= 4 && b.subarray(0, 4).toString('latin1') === '%PDF') return 'pdf';
  return 'other';
}

class ZipProblem extends Error {}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - (0xffff + 22));
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) return i;
  }
  return -1;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipProblem(EXCEL_MSG.zipBomb);
  return Number(v);
}

/** Reads the central directory. Throws ZipProblem with the user-facing message. */
export function readCentralDirectory(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryInfo[] {
  const eocd = findEocd(buf);
  if (eocd < 0) throw new ZipProblem(EXCEL_MSG.truncated);
  let entryCount = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  const diskNo = buf.readUInt16LE(eocd + 4);
  if (diskNo !== 0 && diskNo !== 0xffff) throw new ZipProblem(EXCEL_MSG.corrupt);
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw new ZipProblem(EXCEL_MSG.truncated);
    const z64 = safeNumber(buf.readBigUInt64LE(loc + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== SIG_ZIP64_EOCD) throw new ZipProblem(EXCEL_MSG.truncated);
    entryCount = safeNumber(buf.readBigUInt64LE(z64 + 32));
    cdSize = safeNumber(buf.readBigUInt64LE(z64 + 40));
    cdOffset = safeNumber(buf.readBigUInt64LE(z64 + 48));
  }
  if (entryCount > limits.maxEntries) throw new ZipProblem(EXCEL_MSG.zipBomb);
  if (cdOffset + cdSize > buf.length) throw new ZipProblem(EXCEL_MSG.truncated);

  const entries: ZipEntryInfo[] = [];
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipProblem(EXCEL_MSG.truncated);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > buf.length) throw new ZipProblem(EXCEL_MSG.truncated);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // Zip64 extended information: the 0xFFFFFFFF fields come from the extra field, in order.
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      let q = p + 46 + nameLen;
      const extraEnd = q + extraLen;
      let found = false;
      while (q + 4 <= extraEnd) {
        const id = buf.readUInt16LE(q);
        const size = buf.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          const next = () => {
            if (r + 8 > q + 4 + size) throw new ZipProblem(EXCEL_MSG.corrupt);
            const v = safeNumber(buf.readBigUInt64LE(r));
            r += 8;
            return v;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
          found = true;
          break;
        }
        q += 4 + size;
      }
      if (!found) throw new ZipProblem(EXCEL_MSG.corrupt);
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p = end;
  }
  return entries;
}

/** Where an entry's compressed bytes start, from its local header. */
function dataStart(buf: Buffer, e: ZipEntryInfo): number {
  const h = e.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== SIG_LOCAL) throw new ZipProblem(EXCEL_MSG.truncated);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new ZipProblem(EXCEL_MSG.truncated);
  return start;
}

/**
 * Checks a ZIP for the limits and inflates every entry with a hard output bound. Never allocates
 * more than an entry's declared size (itself bounded by the total limit).
 */
export function checkZip(input: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipCheck {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  try {
    const entries = readCentralDirectory(buf, limits);
    let total = 0;
    let xmlBytes = 0;
    let cells = 0;
    for (const e of entries) {
      // Bit 0: encrypted entry; method 99: WinZip AES.
      if (e.flags & 0x1 || e.method === 99) return { ok: false, message: EXCEL_MSG.encrypted };
      if (e.method !== 0 && e.method !== 8) return { ok: false, message: EXCEL_MSG.corrupt };
      total += e.uncompressedSize;
      if (total > limits.maxTotalUncompressed) return { ok: false, message: EXCEL_MSG.zipBomb };
      if (e.uncompressedSize > limits.ratioCheckFrom && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) {
        return { ok: false, message: EXCEL_MSG.zipBomb };
      }
      if (XML_PART.test(e.name)) xmlBytes += e.uncompressedSize;
    }
    // Declared sizes are what inflating yields (checked below), so the XML total is known up front.
    const bigSheet = entries.find((e) => /^\/?xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/i.test(e.name) && e.uncompressedSize > MAX_SHEET_XML_BYTES);
    if (bigSheet) return { ok: false, message: EXCEL_MSG.sheetTooLarge };
    if (xmlBytes > limits.maxXmlBytes) return { ok: false, message: EXCEL_MSG.xmlTooLarge };
    for (const e of entries) {
      if (e.name.endsWith('/') && e.uncompressedSize === 0) continue;
      const start = dataStart(buf, e);
      const data = buf.subarray(start, start + e.compressedSize);
      if (e.method === 0) {
        if (e.compressedSize !== e.uncompressedSize) return { ok: false, message: EXCEL_MSG.corrupt };
        if (SHEET_PART.test(e.name)) cells += countCells(data);
        if (cells > limits.maxCells) return { ok: false, message: EXCEL_MSG.tooManyCells };
        continue;
      }
      let out: Buffer;
      try {
        // One byte more than declared, so a lying size is noticed without inflating any further.
        out = zlib.inflateRawSync(data, { maxOutputLength: e.uncompressedSize + 1 });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, message: EXCEL_MSG.zipBomb };
        return { ok: false, message: EXCEL_MSG.corrupt };
      }
      if (out.length > e.uncompressedSize) return { ok: false, message: EXCEL_MSG.zipBomb };
      if (out.length !== e.uncompressedSize) return { ok: false, message: EXCEL_MSG.corrupt };
      if (SHEET_PART.test(e.name)) cells += countCells(out);
      if (cells > limits.maxCells) return { ok: false, message: EXCEL_MSG.tooManyCells };
    }
    return { ok: true, entries, totalUncompressed: total, xmlBytes, cells };
  } catch (err) {
    if (err instanceof ZipProblem) return { ok: false, message: err.message };
    if (err instanceof RangeError) return { ok: false, message: EXCEL_MSG.truncated };
    throw err;
  }
}

/**
 * Worksheet and shared-strings XML above this size are refused: a filled-in template is a few
 * dozen KB, and exceljs builds a whole sheet in memory (several times the XML size).
 */
export const MAX_SHEET_XML_BYTES = 10 * 1024 * 1024;

/** Parts every .xlsx has; without them the ZIP is some other kind of file. */
const REQUIRED_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];

/**
 * The whole pre-check of an uploaded workbook: file name, signature, ZIP structure and limits,
 * OOXML parts. Returns null when the bytes may be handed to exceljs, else the message.
 */
export function precheckXlsx(fileName: string, bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): string | null {
  if (bytes.byteLength === 0) return EXCEL_MSG.empty;
  const kind = sniffKind(bytes);
  if (kind === 'ole') return EXCEL_MSG.encrypted;
  if (kind === 'pdf') return EXCEL_MSG.pdf;
  if (!/\.xlsx$/i.test(fileName.trim())) return EXCEL_MSG.notXlsxName;
  if (kind !== 'zip') return EXCEL_MSG.notWorkbook;
  const check = checkZip(bytes, limits);
  if (!check.ok) return check.message;
  const names = new Set(check.entries.map((e) => e.name.replace(/^\//, '')));
  if (!REQUIRED_PARTS.every((p) => names.has(p))) return EXCEL_MSG.noWorkbookParts;
  return null;
}
