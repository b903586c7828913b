import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, evidenceFiles } from '../../db/schema';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';

let s: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer();
  for (const u of ['330106', '330108', '330100', '330200', 'office', 'leader']) cookies[u] = (await s.login(u)).cookie;
});
afterAll(() => s.close());

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A minimal but well-formed PDF; `tag` makes the content (and so the hash) unique. */
function pdf(tag: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${tag}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0', 'latin1')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01', 'latin1'), Buffer.from([0xff, 0xd9])]);

interface Part {
  name: string;
  value: string | { bytes: Uint8Array; filename: string };
}

async function post(parts: Part[], cookie?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const p of parts) {
    if (typeof p.value === 'string') form.append(p.name, p.value);
    else form.append(p.name, new Blob([new Uint8Array(p.value.bytes)]), p.value.filename);
  }
  const res = await fetch(`${s.url}/api/evidence`, { method: 'POST', body: form, headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const upload = (who: string | null, bytes: Uint8Array, filename: string, unitCode?: string) =>
  post([{ name: 'file', value: { bytes, filename } }, ...(unitCode ? [{ name: 'unitCode', value: unitCode }] : [])], who ? cookies[who] : undefined);

const download = (who: string | null, hash: string) => fetch(`${s.url}/api/evidence/${hash}`, { headers: who ? { cookie: cookies[who] } : {} });

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
const evidenceDir = () => path.join(s.dir, 'evidence');
const rowCount = () => s.db.select({ n: count() }).from(evidenceFiles).get()!.n;
const uploadAudits = (hash?: string) =>
  s.db
    .select()
    .from(auditLog)
    .where(hash ? and(eq(auditLog.action, 'evidence.upload'), eq(auditLog.entityId, hash)) : eq(auditLog.action, 'evidence.upload'))
    .all();
const snapshot = () => ({ rows: rowCount(), files: filesUnder(evidenceDir()).length, audits: uploadAudits().length });

describe('POST /api/evidence — accepted uploads', () => {
  const bytes = pdf('xihu annual report');
  const hash = sha256(bytes);
  const name = '西湖区2018年政务公开工作年度报告.pdf';

  it('stores a PDF uploaded by a county under its content hash, with row and audit in step', async () => {
    const before = snapshot();
    const res = await upload('330106', bytes, name);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hash, originalName: name, mime: 'application/pdf', size: bytes.length });

    const stored = path.join(evidenceDir(), hash.slice(0, 2), hash);
    expect(fs.readFileSync(stored).equals(bytes)).toBe(true);
    expect(filesUnder(path.join(evidenceDir(), 'tmp'))).toEqual([]);

    const row = s.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get();
    expect(row).toMatchObject({ hash, originalName: name, mime: 'application/pdf', size: bytes.length, unitCode: '330106' });
    expect(row!.uploadedBy).toEqual(expect.any(Number));

    const audits = uploadAudits(hash);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ username: '330106', entity: 'evidence_file', unitCode: '330106', after: { originalName: name, stored: 'new' } });
    expect(snapshot()).toEqual({ rows: before.rows + 1, files: before.files + 1, audits: before.audits + 1 });
  });

  it('the county, its city, the office and the leader can download it byte for byte; each download is audited', async () => {
    const downloads = () =>
      s.sqlite.prepare("select username, entity_id as hash, after from audit_log where action = 'evidence.download' order by id").all() as { username: string; hash: string; after: string }[];
    const before = downloads().length;
    for (const who of ['330106', '330100', 'office', 'leader']) {
      const res = await download(who, hash);
      expect(res.status, who).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const cd = res.headers.get('content-disposition')!;
      expect(cd).toMatch(/^attachment; /);
      expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const rows = downloads().slice(before);
    expect(rows.map((r) => r.username)).toEqual(['330106', '330100', 'office', 'leader']);
    for (const r of rows) expect(r.hash).toBe(hash);
    expect(JSON.parse(rows[0].after)).toMatchObject({ fileName: name, size: bytes.length });
  });

  it('another city and a sibling county get 404 exactly like a missing file; without a session 401; an unknown hash 404', async () => {
    for (const who of ['330200', '330108']) {
      const res = await download(who, hash);
      expect(res.status, who).toBe(404);
      expect(await res.json()).toEqual({ error: { message: '文件不存在', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404, fieldErrors: null } } });
    }
    const anon = await download(null, hash);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { message: '请先登录' } });
    const unknown = await download('office', sha256(Buffer.from('nothing')));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: '文件不存在' } });
  });

  it('a report may cite only files its unit may read: another unit\'s file and a missing one are refused alike', async () => {
    const url = 'https://jsj.example.gov.cn/zwgk/negative-list';
    const save = (who: string, unitCode: string, evidenceFile: string) =>
      s.raw('POST', 'reports.saveDraft', { unitCode, periodCode: '2018Q4', revision: 0, values: { 'CAT-03': { yes: true, evidenceUrl: url, evidenceFile } } }, cookies[who]);
    const audits = () => (s.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const before = audits();
    for (const evidenceFile of [hash, sha256(Buffer.from('no such file'))]) {
      const res = await save('330108', '330108', evidenceFile);
      expect(res.status).toBe(400);
      expect(res.body.error?.data.fieldErrors).toEqual([
        { path: 'values.CAT-03.evidenceFile', indicator: 'CAT-03', field: 'evidenceFile', message: '证明文件不存在，请重新上传' },
      ]);
    }
    expect(audits()).toBe(before);
    // Its own file is accepted.
    const own = await upload('330108', pdf('binjiang own'), 'own.pdf');
    expect(own.status).toBe(200);
    const ok = await save('330108', '330108', String(own.body.hash));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('the same content again is stored once; each accepted upload is audited', async () => {
    const before = snapshot();
    const res = await upload('330106', bytes, '副本.pdf');
    expect(res.status).toBe(200);
    expect(res.body.hash).toBe(hash);
    expect(snapshot()).toEqual({ rows: before.rows, files: before.files, audits: before.audits + 1 });
    expect(uploadAudits(hash).map((a) => (a.after as { stored: string }).stored)).toEqual(['new', 'existing']);
    // The first name stays on the row.
    expect(s.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get()!.originalName).toBe(name);
  });

  it('content uploaded by two units is readable by both, but not by a third', async () => {
    const shared = pdf('provincial notice everyone attaches');
    const h = sha256(shared);
    expect((await upload('330106', shared, '省通知.pdf')).status).toBe(200);
    expect((await download('330200', h)).status).toBe(404);
    expect((await upload('330200', shared, '省通知.pdf')).status).toBe(200);
    expect(s.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, h)).get()!.unitCode).toBe('330106');
    expect((await download('330200', h)).status).toBe(200);
    expect((await download('330108', h)).status).toBe(404);
  });

  it('accepts PNG and JPEG with matching names, served with their own types', async () => {
    for (const [bytes_, filename, mime] of [
      [PNG, '现场照片.png', 'image/png'],
      [JPEG, 'photo.JPEG', 'image/jpeg'],
      [JPEG, 'photo2.jpg', 'image/jpeg'],
    ] as const) {
      const res = await upload('330106', bytes_, filename);
      expect(res.status, filename).toBe(200);
      expect(res.body).toMatchObject({ mime, originalName: filename });
      const dl = await download('330106', sha256(bytes_));
      expect(dl.headers.get('content-type')).toBe(mime);
    }
  });

  it('a city may upload for itself (unitCode given or not); the row carries that unit', async () => {
    const b = pdf('hangzhou city evidence');
    const res = await upload('330100', b, '杭州市.pdf', '330100');
    expect(res.status).toBe(200);
    expect(s.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, sha256(b))).get()!.unitCode).toBe('330100');
  });

  it('a file larger than the 2 MB JSON body limit but within 10 MB is accepted', async () => {
    const big = Buffer.concat([pdf('big'), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const res = await upload('330106', big, 'big.pdf');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hash: sha256(big), size: big.length });
  });

  it('sanitises the stored name', async () => {
    const res = await upload('330106', pdf('odd name'), 'a\u202Efdp.exe<>|报告.pdf');
    expect(res.status).toBe(200);
    expect(res.body.originalName).toBe('afdp.exe___报告.pdf');
  });
});

describe('POST /api/evidence — refused uploads leave nothing behind', () => {
  async function refused(res: Promise<{ status: number; body: Record<string, unknown> }>, status: number, error: string | RegExp) {
    const before = snapshot();
    const r = await res;
    expect(r.status).toBe(status);
    const message = (r.body.error as { message?: string } | undefined)?.message;
    if (typeof error === 'string') expect(r.body).toMatchObject({ error: { message: error, data: { httpStatus: status } } });
    else expect(String(message)).toMatch(error);
    expect(snapshot()).toEqual(before);
  }
  const UNSUPPORTED = '仅支持 PDF、JPG、PNG 格式的文件（按文件内容识别）';

  it('401 without a session (or with an unknown one)', async () => {
    await refused(upload(null, pdf('anon'), 'x.pdf'), 401, '请先登录');
    await refused(post([{ name: 'file', value: { bytes: pdf('anon2'), filename: 'x.pdf' } }], 'zwgk_session=not-a-real-token'), 401, '请先登录');
  });

  it('415 for a PNG renamed .pdf, naming the mismatch', async () => {
    await refused(upload('330106', PNG, 'renamed.pdf'), 415, '文件扩展名“.pdf”与文件内容不符：内容为 PNG，扩展名却是 PDF');
  });

  it('415 for a text file, an .exe or a .docx named .pdf', async () => {
    await refused(upload('330106', Buffer.from('just some text, not a PDF\n'), 'x.pdf'), 415, UNSUPPORTED);
    await refused(upload('330106', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), 'setup.pdf'), 415, UNSUPPORTED);
    await refused(upload('330106', Buffer.from('PK\x03\x04\x14\x00\x06\x00word/document.xml', 'latin1'), '报告.pdf'), 415, UNSUPPORTED);
  });

  it('415 for a real PDF whose name has an unsupported extension', async () => {
    await refused(upload('330106', pdf('txt name'), 'x.txt'), 415, /扩展名“\.txt”不受支持/);
  });

  it('413 for an 11 MB file; no row, no stored file, no temp file', async () => {
    const huge = Buffer.concat([pdf('huge'), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    await refused(upload('330106', huge, 'huge.pdf'), 413, '文件超过 10 MB 上限');
    expect(filesUnder(path.join(evidenceDir(), 'tmp'))).toEqual([]);
    expect(s.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, sha256(huge))).get()).toBeUndefined();
  });

  it('403 for a unit the account may not write, whether unitCode comes before or after the file', async () => {
    await refused(upload('330106', pdf('for city'), 'x.pdf', '330100'), 403, '无权为杭州市上传证明材料');
    await refused(
      post([{ name: 'unitCode', value: '330106' }, { name: 'file', value: { bytes: pdf('city for county'), filename: 'x.pdf' } }], cookies['330100']),
      403,
      '无权为西湖区上传证明材料',
    );
    await refused(upload('leader', pdf('leader'), 'x.pdf'), 403, '无权为浙江省上传证明材料');
    await refused(upload('office', pdf('office for county'), 'x.pdf', '330106'), 403, '无权为西湖区上传证明材料');
    await refused(upload('330106', pdf('bad unit'), 'x.pdf', '999999'), 400, '单位代码“999999”不存在');
  });

  it('400 without a file field, with two files, or with an empty file; 415 for a non-multipart body', async () => {
    await refused(post([{ name: 'unitCode', value: '330106' }], cookies['330106']), 400, '请选择要上传的文件（表单字段 file）');
    await refused(post([{ name: 'other', value: { bytes: pdf('other'), filename: 'x.pdf' } }], cookies['330106']), 400, '请选择要上传的文件（表单字段 file）');
    await refused(
      post(
        [
          { name: 'file', value: { bytes: pdf('two-1'), filename: 'a.pdf' } },
          { name: 'file', value: { bytes: pdf('two-2'), filename: 'b.pdf' } },
        ],
        cookies['330106'],
      ),
      400,
      '一次只能上传一个文件',
    );
    await refused(upload('330106', new Uint8Array(0), 'empty.pdf'), 400, '文件为空');
    const json = await fetch(`${s.url}/api/evidence`, {
      method: 'POST',
      headers: { cookie: cookies['330106'], 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'x' }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { message: '请以 multipart/form-data 方式上传文件（表单字段 file）' } });
  });
});

describe('GET /api/evidence/:hash — identifiers', () => {
  it('400 for path tricks and anything that is not 64 lower-case hex characters', async () => {
    const bad = [
      '..%2F..%2Fetc%2Fpasswd',
      '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '..%5C..%5Cwindows',
      'g'.repeat(64),
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      'a'.repeat(300),
      `${'a'.repeat(64)}%00`,
      'aa/bb',
    ];
    for (const id of bad) {
      for (const who of ['office', null]) {
        const res = await download(who, id);
        expect(res.status, id).toBe(400);
        expect(await res.json()).toMatchObject({ error: { message: '文件标识无效' } });
      }
    }
  });

  it('the upload route is not shadowed by tRPC and tRPC still answers', async () => {
    const res = await s.raw('GET', 'auth.me', undefined, cookies['330106']);
    expect(res.status).toBe(200);
  });
});
