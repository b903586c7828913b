/**
 * Evidence files over plain HTTP (tRPC does not carry file bodies):
 *
 * - `POST /api/evidence` — multipart/form-data with one `file` (PDF/JPG/PNG, ≤ 10 MB, type told by
 *   content) and an optional `unitCode` text field (default: the account's own unit). The file is
 *   streamed to `<dataDir>/evidence/tmp` while hashed, then kept once per content at
 *   `<dataDir>/evidence/<first 2 hex>/<sha256>`; the evidence_files row and an audit row are
 *   written in one transaction.
 * - `GET /api/evidence/:hash` — the file, for accounts that may read its unit (404 alike for a
 *   missing file and one the account may not read); every download leaves an audit row.
 *
 * Session, access, errors (the tRPC error shape) and multipart reading come from the route kit
 * (`./kit.ts`).
 * Everything here lives in its own encapsulated plugin under the `/api/evidence` prefix, so the
 * multipart parser registered here does not meet the tRPC plugin's own one.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canAccessUnit } from '../access';
import type { SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import type { OrgUnit } from '../services/unit-directory';
import { evidenceRecorded, readableEvidence, recordEvidenceUpload } from '../services/evidence';
import { EVIDENCE_MIMES, SNIFF_BYTES, checkEvidenceType, sanitizeFileName } from '../services/file-type';
import { HttpRefusal, discard, routeKit } from './kit';

export const EVIDENCE_PREFIX = '/api/evidence';
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_HASH_RE = /^[a-f0-9]{64}$/;
/** Temp files older than this are left over from a crash and are removed at start-up. */
const STALE_TMP_MS = 60 * 60 * 1000;

export const MSG = {
  login: '请先登录',
  tooLarge: '文件超过 10 MB 上限',
  badHash: '文件标识无效',
  notFound: '文件不存在',
  noFile: '请选择要上传的文件（表单字段 file）',
  empty: '文件为空',
  notMultipart: '请以 multipart/form-data 方式上传文件（表单字段 file）',
  oneFile: '一次只能上传一个文件',
  badForm: '上传请求格式不正确',
  noRead: '无权查看该证明材料',
  internal: '服务器内部错误，请稍后再试',
} as const;

export interface EvidenceRoutesOptions {
  services: Services;
}

/** `<dataDir>/evidence`, absolute. */
export function evidenceRoot(dataDir: string): string {
  return path.resolve(dataDir, 'evidence');
}

/**
 * Where the file with this content hash is kept, or null when the hash is not 64 lower-case hex
 * characters or the path would leave the evidence folder.
 */
export function evidencePath(dataDir: string, hash: string): string | null {
  if (!EVIDENCE_HASH_RE.test(hash)) return null;
  const root = evidenceRoot(dataDir);
  const file = path.join(root, hash.slice(0, 2), hash);
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

interface Received {
  tmpPath: string;
  hash: string;
  size: number;
  head: Buffer;
  truncated: boolean;
}

/** Streams one uploaded file to a new temp file (listed in `temps` for the caller to remove), hashing it and keeping its first bytes. */
async function receiveToTemp(file: Readable & { truncated?: boolean }, tmpDir: string, temps: string[]): Promise<Received> {
  const tmpPath = path.join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
  temps.push(tmpPath);
  const hasher = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hasher.update(chunk);
      size += chunk.length;
      if (headLen < SNIFF_BYTES) {
        const piece = chunk.subarray(0, SNIFF_BYTES - headLen);
        headChunks.push(piece);
        headLen += piece.length;
      }
      cb(null, chunk);
    },
  });
  await pipeline(file, tap, fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o640 }));
  return { tmpPath, hash: hasher.digest('hex'), size, head: Buffer.concat(headChunks), truncated: file.truncated === true };
}

async function removeStaleTemp(tmpDir: string, now: Date): Promise<void> {
  const names = await fsp.readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const file = path.join(tmpDir, name);
    const stat = await fsp.stat(file).catch(() => null);
    if (stat && now.getTime() - stat.mtimeMs > STALE_TMP_MS) await fsp.rm(file, { force: true });
  }
}

/** The `/api/evidence` routes. Register with `app.register(evidenceRoutes, { services })`. */
export async function evidenceRoutes(app: FastifyInstance, opts: EvidenceRoutesOptions): Promise<void> {
  await app.register(evidenceScope, { prefix: EVIDENCE_PREFIX, services: opts.services });
}

async function evidenceScope(scope: FastifyInstance, opts: EvidenceRoutesOptions): Promise<void> {
  const { services } = opts;
  const root = evidenceRoot(services.dataDir);
  const tmpDir = path.join(root, 'tmp');
  await fsp.mkdir(tmpDir, { recursive: true });
  await removeStaleTemp(tmpDir, services.now());

  await scope.register(multipart, {
    limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, fieldNameSize: 100, headerPairs: 100 },
  });

  const kit = routeKit({ services, tooLarge: MSG.tooLarge, scope: 'evidence' });
  scope.setErrorHandler(kit.errorHandler);

  scope.post('/', { onRequest: kit.requireUser }, async (req, reply) => {
    const user = kit.userOf(req);
    const temps: string[] = [];
    let stored;
    try {
      stored = await acceptUpload(req, user, temps);
    } finally {
      // Before answering, so a refused upload has left nothing on disk once the client hears of it.
      await Promise.all(temps.map((t) => fsp.rm(t, { force: true })));
    }
    return reply.code(200).send(stored);
  });

  /** Reads the form, checks it and stores the file. Temp files it made are listed in `temps`. */
  async function acceptUpload(req: FastifyRequest, user: SessionUser, temps: string[]) {
    let received: Received | null = null;
    let originalName = '';
    let unitField: string | undefined;
    let refused: HttpRefusal | null = null;

    /** Target unit and permission; known as soon as the unitCode field (or the file) arrives. */
    const decideUnit = (): OrgUnit | HttpRefusal => {
      const code = unitField ?? user.unitCode;
      const unit = services.units.get(code);
      if (!unit) return new HttpRefusal(400, `单位代码“${code}”不存在`);
      if (!canAccessUnit(user, unit, 'write')) return new HttpRefusal(403, `无权为${unit.name}上传证明材料`);
      return unit;
    };

    await kit.readMultipart(req, {
      onField(name, value) {
        if (name === 'unitCode') unitField = value.trim() || undefined;
      },
      async onFile(part) {
        if (part.fieldname !== 'file' || received || refused) return discard(part.file);
        // A unitCode sent before the file is checked now, so a refused upload never reaches disk.
        const decided = decideUnit();
        if (decided instanceof HttpRefusal) {
          refused = decided;
          return discard(part.file);
        }
        originalName = part.filename ?? '';
        received = await receiveToTemp(part.file, tmpDir, temps);
      },
    });

    // Refused when the file arrived: a unitCode sent after it may name the unit more precisely.
    if (refused) {
      const again = decideUnit();
      throw again instanceof HttpRefusal ? again : refused;
    }
    const file = received as Received | null;
    if (!file) throw new HttpRefusal(400, MSG.noFile);
    if (file.truncated || file.size > EVIDENCE_MAX_BYTES) throw new HttpRefusal(413, MSG.tooLarge);
    // A unitCode sent after the file is only known now.
    const unit = decideUnit();
    if (unit instanceof HttpRefusal) throw unit;
    if (file.size === 0) throw new HttpRefusal(400, MSG.empty);

    const name = sanitizeFileName(originalName);
    const check = checkEvidenceType(name, file.head);
    if (!check.ok) throw new HttpRefusal(415, check.message);

    const { hash, size } = file;
    const finalPath = evidencePath(services.dataDir, hash);
    if (!finalPath) throw new Error(`unexpected evidence hash ${hash}`);
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    // Same content is kept once. rename() within one file system is atomic, so a reader never
    // sees a half-written file; the temp file left behind for a duplicate is removed by the caller.
    const alreadyThere = await fsp
      .access(finalPath)
      .then(() => true)
      .catch(() => false);
    if (!alreadyThere) await fsp.rename(file.tmpPath, finalPath);

    const now = services.now();
    const mime = check.type.mime;
    try {
      recordEvidenceUpload(services.db, { accountId: user.accountId, username: user.username, ip: req.ip }, now, {
        hash,
        originalName: name,
        mime,
        size,
        unitCode: unit.code,
        uploadedBy: user.accountId,
      });
    } catch (err) {
      // Do not leave a file behind that no row points to.
      if (!alreadyThere && !evidenceRecorded(services.db, hash)) await fsp.rm(finalPath, { force: true });
      throw err;
    }
    return { hash, originalName: name, mime, size };
  }

  // HEAD (the client reads a file's name from its Content-Disposition) is answered by this route too.
  scope.get<{ Params: { hash: string } }>('/:hash', async (req, reply) => {
    const { hash } = req.params;
    const file = evidencePath(services.dataDir, hash);
    if (!file) throw new HttpRefusal(400, MSG.badHash);
    const user = kit.userOf(req);
    // A file of a unit the account may not read is answered exactly like a missing one.
    const row = readableEvidence(services.db, services.units, user, [hash]).get(hash);
    if (!row) throw new HttpRefusal(404, MSG.notFound);

    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') {
        req.log.error({ hash }, 'evidence row without its file');
        throw new HttpRefusal(404, MSG.notFound);
      }
      throw err;
    }
    const { size } = await handle.stat();
    // A HEAD request (the client reads the file's name) takes nothing away: no audit row.
    return kit.sendFile(
      req,
      reply,
      { name: row.originalName, mime: EVIDENCE_MIMES.has(row.mime) ? row.mime : 'application/octet-stream', body: handle.createReadStream(), size },
      req.method === 'HEAD' ? null : { action: 'evidence.download', entity: 'evidence_file', entityId: hash, unitCode: row.unitCode },
    );
  });

  // Anything else below the prefix (a slash in the "hash", an over-long one) is not a file id.
  scope.get('/*', async () => {
    throw new HttpRefusal(400, MSG.badHash);
  });
}
