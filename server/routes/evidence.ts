/**
 * Evidence files over plain HTTP (tRPC does not carry file bodies):
 *
 * - `POST /api/evidence` — multipart/form-data with one `file` (PDF/JPG/PNG, ≤ 10 MB, type told by
 *   content) and an optional `unitCode` text field (default: the account's own unit). The file is
 *   streamed to `<dataDir>/evidence/tmp` while hashed, then kept once per content at
 *   `<dataDir>/evidence/<first 2 hex>/<sha256>`; the evidence_files row and an audit row are
 *   written in one transaction.
 * - `GET /api/evidence/:hash` — the file, for accounts that may read its unit.
 *
 * Everything here lives in its own encapsulated plugin under the `/api/evidence` prefix, so the
 * multipart parser registered here does not meet the tRPC plugin's own one.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditLog, evidenceFiles } from '../../db/schema';
import { canAccessUnit } from '../access';
import { SESSION_COOKIE, resolveSession, usableUser, type SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import type { OrgUnit } from '../services/unit-directory';
import { writeAudit } from '../services/audit';
import { EVIDENCE_MIMES, SNIFF_BYTES, checkEvidenceType, contentDisposition, sanitizeFileName } from '../services/file-type';

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

/** Reads a stream to its end, keeping nothing. */
async function discard(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // dropped on purpose
  }
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

function hasStatusCode(err: unknown): err is { statusCode: number; code?: string } {
  return typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number';
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
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

  scope.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const status = hasStatusCode(err) && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const code = errorCode(err);
    let message: string;
    if (code === 'FST_REQ_FILE_TOO_LARGE') message = MSG.tooLarge;
    else if (code === 'FST_FILES_LIMIT') message = MSG.oneFile;
    else if (status === 415) message = MSG.notMultipart;
    else if (status < 500) message = MSG.badForm;
    else message = MSG.internal;
    if (status >= 500) req.log.error({ err }, 'evidence route failed');
    return reply.code(status).send({ error: message });
  });

  const users = new WeakMap<FastifyRequest, SessionUser>();
  const currentUser = (req: FastifyRequest): SessionUser | null =>
    users.get(req) ?? usableUser(resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now()));

  /** Other units that uploaded the same content after the unit the row was stored for. */
  function uploadUnits(hash: string, rowUnit: string): string[] {
    const rows = services.db
      .selectDistinct({ unitCode: auditLog.unitCode })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'evidence.upload'), eq(auditLog.entity, 'evidence_file'), eq(auditLog.entityId, hash)))
      .all();
    return rows.map((r) => r.unitCode).filter((c): c is string => !!c && c !== rowUnit);
  }

  function mayRead(user: SessionUser, hash: string, rowUnit: string): boolean {
    const readable = (code: string) => {
      const unit = services.units.get(code);
      return !!unit && canAccessUnit(user, unit, 'read');
    };
    // The same content uploaded by several units is stored once under the first unit; each
    // uploading unit (recorded by its evidence.upload audit row) may read it as well.
    return readable(rowUnit) || uploadUnits(hash, rowUnit).some(readable);
  }

  scope.post(
    '/',
    {
      // Refuse before the body is read.
      onRequest: async (req, reply) => {
        const user = currentUser(req);
        if (!user) return reply.code(401).send({ error: MSG.login });
        users.set(req, user);
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!user) return reply.code(401).send({ error: MSG.login });
      if (!req.isMultipart()) return reply.code(415).send({ error: MSG.notMultipart });
      const temps: string[] = [];
      let outcome: Outcome;
      try {
        outcome = await acceptUpload(req, user, temps);
      } finally {
        // Before answering, so a refused upload has left nothing on disk once the client hears of it.
        await Promise.all(temps.map((t) => fsp.rm(t, { force: true })));
      }
      return reply.code(outcome.status).send(outcome.body);
    },
  );

  type Outcome = { status: number; body: { error: string } | { hash: string; originalName: string; mime: string; size: number } };
  const fail = (status: number, error: string): Outcome => ({ status, body: { error } });

  /** Reads the form, checks it and stores the file. Temp files it made are listed in `temps`. */
  async function acceptUpload(req: FastifyRequest, user: SessionUser, temps: string[]): Promise<Outcome> {
    let received: Received | null = null;
    let originalName = '';
    let unitField: string | undefined;
    let refused: Outcome | null = null;

    /** Target unit and permission; known as soon as the unitCode field (or the file) arrives. */
    const decideUnit = (): { unit: OrgUnit; refusal: null } | { unit: null; refusal: Outcome } => {
      const code = unitField ?? user.unitCode;
      const unit = services.units.get(code);
      if (!unit) return { unit: null, refusal: fail(400, `单位代码“${code}”不存在`) };
      if (!canAccessUnit(user, unit, 'write')) return { unit: null, refusal: fail(403, `无权为${unit.name}上传证明材料`) };
      return { unit, refusal: null };
    };

    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'unitCode' && typeof part.value === 'string') unitField = part.value.trim() || undefined;
          continue;
        }
        if (part.fieldname !== 'file' || received || refused) {
          await discard(part.file);
          continue;
        }
        // A unitCode sent before the file is checked now, so a refused upload never reaches disk.
        refused = decideUnit().refusal;
        if (refused) {
          await discard(part.file);
          continue;
        }
        originalName = part.filename ?? '';
        received = await receiveToTemp(part.file, tmpDir, temps);
      }
    } catch (err) {
      const code = errorCode(err);
      if (code === 'FST_REQ_FILE_TOO_LARGE') return fail(413, MSG.tooLarge);
      if (code === 'FST_FILES_LIMIT') return fail(400, MSG.oneFile);
      if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') return fail(400, MSG.badForm);
      throw err;
    }

    // Refused when the file arrived: a unitCode sent after it may name the unit more precisely.
    if (refused) return decideUnit().refusal ?? refused;
    if (!received) return fail(400, MSG.noFile);
    if (received.truncated || received.size > EVIDENCE_MAX_BYTES) return fail(413, MSG.tooLarge);
    // A unitCode sent after the file is only known now.
    const decided = decideUnit();
    if (!decided.unit) return decided.refusal;
    const unit = decided.unit;
    if (received.size === 0) return fail(400, MSG.empty);

    const name = sanitizeFileName(originalName);
    const check = checkEvidenceType(name, received.head);
    if (!check.ok) return fail(415, check.message);

    const { hash, size } = received;
    const finalPath = evidencePath(services.dataDir, hash);
    if (!finalPath) throw new Error(`unexpected evidence hash ${hash}`);
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    // Same content is kept once. rename() within one file system is atomic, so a reader never
    // sees a half-written file; the temp file left behind for a duplicate is removed by the caller.
    const alreadyThere = await fsp
      .access(finalPath)
      .then(() => true)
      .catch(() => false);
    if (!alreadyThere) await fsp.rename(received.tmpPath, finalPath);

    const now = services.now();
    const mime = check.type.mime;
    try {
      services.db.transaction((tx) => {
        const existing = tx.select({ hash: evidenceFiles.hash }).from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get();
        if (!existing) {
          tx.insert(evidenceFiles)
            .values({ hash, originalName: name, mime, size, unitCode: unit.code, uploadedBy: user.accountId, uploadedAt: now.toISOString() })
            .run();
        }
        writeAudit(tx, { accountId: user.accountId, username: user.username, ip: req.ip }, now, {
          action: 'evidence.upload',
          entity: 'evidence_file',
          entityId: hash,
          unitCode: unit.code,
          after: { originalName: name, mime, size, stored: existing ? 'existing' : 'new' },
        });
      });
    } catch (err) {
      // Do not leave a file behind that no row points to.
      if (!alreadyThere) {
        const row = services.db.select({ hash: evidenceFiles.hash }).from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get();
        if (!row) await fsp.rm(finalPath, { force: true });
      }
      throw err;
    }
    return { status: 200, body: { hash, originalName: name, mime, size } };
  }

  scope.get<{ Params: { hash: string } }>('/:hash', async (req, reply) => {
    const { hash } = req.params;
    const file = evidencePath(services.dataDir, hash);
    if (!file) return reply.code(400).send({ error: MSG.badHash });
    const user = currentUser(req);
    if (!user) return reply.code(401).send({ error: MSG.login });
    const row = services.db.select().from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get();
    if (!row) return reply.code(404).send({ error: MSG.notFound });
    if (!mayRead(user, hash, row.unitCode)) return reply.code(403).send({ error: MSG.noRead });

    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') {
        req.log.error({ hash }, 'evidence row without its file');
        return reply.code(404).send({ error: MSG.notFound });
      }
      throw err;
    }
    const { size } = await handle.stat();
    return reply
      .code(200)
      .header('Content-Type', EVIDENCE_MIMES.has(row.mime) ? row.mime : 'application/octet-stream')
      .header('Content-Length', String(size))
      .header('Content-Disposition', contentDisposition(row.originalName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(handle.createReadStream());
  });

  // Anything else below the prefix (a slash in the "hash", an over-long one) is not a file id.
  scope.get('/*', async (_req, reply) => reply.code(400).send({ error: MSG.badHash }));
}
