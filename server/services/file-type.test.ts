import { describe, expect, it } from 'vitest';
import {
  UNSUPPORTED_TYPE_MESSAGE,
  checkEvidenceType,
  contentDisposition,
  detectFileType,
  encodeRfc5987,
  extensionOf,
  kindFromName,
  sanitizeFileName,
} from './file-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const PDF = bytes('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0');
const EXE = bytes('MZ\x90\x00\x03\x00\x00\x00');
const ZIP_DOCX = bytes('PK\x03\x04\x14\x00\x06\x00');
const TEXT = bytes('hello, this is not a pdf');

describe('detectFileType (magic bytes)', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(detectFileType(PDF)).toBe('pdf');
    expect(detectFileType(PNG)).toBe('png');
    expect(detectFileType(JPEG)).toBe('jpeg');
    expect(detectFileType(bytes([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpeg');
  });

  it('refuses everything else, including near misses and short input', () => {
    for (const head of [EXE, ZIP_DOCX, TEXT, bytes('%PDF'), bytes(' %PDF-1.4'), bytes('%pdf-1.4'), bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]), bytes([0xff, 0xd8]), bytes([0xff, 0xd9, 0xff]), new Uint8Array(0)]) {
      expect(detectFileType(head)).toBeNull();
    }
  });
});

describe('file names and extensions', () => {
  it('reads the lower-case extension of the last path segment', () => {
    expect(extensionOf('报告.PDF')).toBe('.pdf');
    expect(extensionOf('a.tar.gz')).toBe('.gz');
    expect(extensionOf('noext')).toBe('');
    expect(extensionOf('.pdf')).toBe('');
    expect(extensionOf('dir.pdf/name')).toBe('');
    expect(kindFromName('x.JPEG')).toBe('jpeg');
    expect(kindFromName('x.jpg')).toBe('jpeg');
    expect(kindFromName('x.png')).toBe('png');
    expect(kindFromName('x.docx')).toBeNull();
  });

  it('accepts content and extension that agree', () => {
    expect(checkEvidenceType('年报.pdf', PDF)).toMatchObject({ ok: true, type: { kind: 'pdf', mime: 'application/pdf' } });
    expect(checkEvidenceType('photo.JPG', JPEG)).toMatchObject({ ok: true, type: { mime: 'image/jpeg' } });
    expect(checkEvidenceType('photo.jpeg', JPEG)).toMatchObject({ ok: true, type: { mime: 'image/jpeg' } });
    expect(checkEvidenceType('shot.png', PNG)).toMatchObject({ ok: true, type: { mime: 'image/png' } });
  });

  it('refuses by content first: a renamed .exe, .txt or .docx is not a PDF', () => {
    for (const head of [EXE, TEXT, ZIP_DOCX]) {
      expect(checkEvidenceType('x.pdf', head)).toEqual({ ok: false, reason: 'content', message: UNSUPPORTED_TYPE_MESSAGE });
    }
  });

  it('refuses a name that disagrees with the content, naming both', () => {
    const r = checkEvidenceType('x.pdf', PNG);
    expect(r).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(!r.ok && r.message).toBe('文件扩展名“.pdf”与文件内容不符：内容为 PNG，扩展名却是 PDF');
    expect(checkEvidenceType('x.png', JPEG)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing or unsupported extension even for good content', () => {
    expect(checkEvidenceType('x.txt', PDF)).toMatchObject({ ok: false, reason: 'extension', message: expect.stringContaining('“.txt”') });
    expect(checkEvidenceType('x', PDF)).toMatchObject({ ok: false, reason: 'extension', message: expect.stringContaining('缺失') });
  });
});

describe('sanitizeFileName', () => {
  it('keeps Chinese names as they are', () => {
    expect(sanitizeFileName('西湖区2018年政务公开工作年度报告.pdf')).toBe('西湖区2018年政务公开工作年度报告.pdf');
  });

  it('keeps only the last path segment and replaces reserved characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\a\\报告.pdf')).toBe('报告.pdf');
    expect(sanitizeFileName('a<b>c:d"e|f?g*h.pdf')).toBe('a_b_c_d_e_f_g_h.pdf');
  });

  it('drops control and direction-changing characters that could disguise the extension', () => {
    expect(sanitizeFileName('evil\u202Efdp.exe')).toBe('evilfdp.exe');
    expect(sanitizeFileName('a\r\nb\u0000.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('\uFEFFx\u200B.pdf')).toBe('x.pdf');
  });

  it('trims dots and spaces, normalises to NFC and falls back when nothing is left', () => {
    expect(sanitizeFileName('  x.pdf. ')).toBe('x.pdf');
    expect(sanitizeFileName('e\u0301.pdf')).toBe('\u00e9.pdf');
    expect(sanitizeFileName('...')).toBe('证明材料');
    expect(sanitizeFileName('')).toBe('证明材料');
  });

  it('limits the length to 200 characters and keeps the extension', () => {
    const long = `${'长'.repeat(300)}.pdf`;
    const out = sanitizeFileName(long);
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith('.pdf')).toBe(true);
  });
});

describe('Content-Disposition', () => {
  it('encodes the UTF-8 name per RFC 5987 with an ASCII fallback', () => {
    expect(encodeRfc5987("报告 (终稿)'*.pdf")).toBe('%E6%8A%A5%E5%91%8A%20%28%E7%BB%88%E7%A8%BF%29%27%2A.pdf');
    expect(contentDisposition('西湖区年报.pdf')).toBe(
      `attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('西湖区年报.pdf')}`,
    );
    expect(contentDisposition('report "final".pdf')).toBe(`attachment; filename="report _final_.pdf"; filename*=UTF-8''report%20_final_.pdf`);
    expect(decodeURIComponent(contentDisposition('西湖区年报.pdf').split("UTF-8''")[1])).toBe('西湖区年报.pdf');
  });
});
