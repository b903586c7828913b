/**
 * The kit every plain HTTP route uses (files do not travel through tRPC): the session, access via
 * the access module (server/access.ts), the app's typed errors answered in the same Chinese JSON
 * shape as tRPC errors, multipart reading with its refusals mapped once, and file answers that
 * leave one audit row per export or download (who took what).
 *
 * Error shape, as tRPC's: `{"error":{"message":"中文说明","code":-32003,"data":{"code":"FORBIDDEN","httpStatus":403,"fieldErrors":null}}}`;
 * a route may add fields to `data` (the Excel upload adds `problems` and `markedWorkbook`).
 */
import type { Readable } from 'node:stream';
import type {} from '@fastify/cookie';
import type { Multipart } from '@fastify/multipart';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { SESSION_COOKIE, resolveSession, usableUser, type SessionUser } from '../auth/sessions';
import type { Services } from '../context';
import { DomainError, Invalid, Unauthorized, codeOf, type FieldProblemLike } from '../errors';
import { writeAudit, type AuditEntry } from '../services/audit';
import { contentDisposition, sanitizeFileName } from '../services/file-type';

type ErrorKey = keyof typeof TRPC_ERROR_CODES_BY_KEY;

const KEY_OF_STATUS: Record<number, ErrorKey> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export interface HttpErrorBody {
  error: {
    message: string;
    code: number;
    data: { code: string; httpStatus: number; fieldErrors: FieldProblemLike[] | null } & Record<string, unknown>;
  };
}

/** The Chinese JSON error body of a refusal, in tRPC's shape. */
export function errorBody(httpStatus: number, message: string, extra: Record<string, unknown> = {}, fieldErrors: FieldProblemLike[] | null = null): HttpErrorBody {
  const key: ErrorKey = KEY_OF_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  return { error: { message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus, fieldErrors, ...extra } } };
}

/** A refusal a route answers directly (status and Chinese message), thrown or returned. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

export function sendError(reply: FastifyReply, status: number, message: string, extra?: Record<string, unknown>): FastifyReply {
  return reply.code(status).send(errorBody(status, message, extra));
}

export const KIT_MSG = {
  login: '请先登录',
  badForm: '上传请求格式不正确',
  notMultipart: '请以 multipart/form-data 方式上传文件（表单字段 file）',
  oneFile: '一次只能上传一个文件',
  internal: '服务器内部错误，请稍后再试',
  bodyTooLarge: '请求内容过大',
} as const;

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

function statusOf(err: unknown): number | undefined {
  const s = typeof err === 'object' && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : undefined;
}

/**
 * Multipart and body errors as refusals (null: not one of them). A body cut off mid-part (the
 * client went away, a proxy truncated it) is the client's fault: 400, not a server error.
 */
export function bodyRefusal(err: unknown, msg: { tooLarge: string; oneFile?: string; badForm?: string }): HttpRefusal | null {
  const code = errorCode(err);
  const badForm = msg.badForm ?? KIT_MSG.badForm;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new HttpRefusal(413, msg.tooLarge);
  if (code === 'FST_FILES_LIMIT') return new HttpRefusal(400, msg.oneFile ?? KIT_MSG.oneFile);
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new HttpRefusal(400, badForm);
  }
  if (err instanceof Error && /^Unexpected end of (form|multipart data)|^Part terminated early|^Malformed part header|^Multipart: Boundary not found/i.test(err.message)) {
    return new HttpRefusal(400, badForm);
  }
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err instanceof Error && err.message === 'aborted')) return new HttpRefusal(400, badForm);
  return null;
}

/** Reads a stream to its end, keeping nothing. */
export async function discard(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // dropped on purpose
  }
}

export interface RouteKitOptions {
  services: Services;
  /** What an over-large uploaded file is called in this scope's refusals. */
  tooLarge: string;
  /** What an over-large request body (not a file) is called; default 请求内容过大. */
  bodyTooLarge?: string;
  /** Logged with a failure. */
  scope: string;
}

export function routeKit(opts: RouteKitOptions) {
  const { services } = opts;
  const users = new WeakMap<FastifyRequest, SessionUser>();

  const sessionUser = (req: FastifyRequest): SessionUser | null =>
    // An account whose password must be changed first may use no route until it has done so.
    users.get(req) ?? usableUser(resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now()));
  const userOf = (req: FastifyRequest): SessionUser => {
    const user = sessionUser(req);
    if (!user) throw new Unauthorized(KIT_MSG.login);
    return user;
  };

  /**
   * Every part of a multipart request: fields to `onField`, files to `onFile` (which must read or
   * discard the stream). Limits, protocol errors and a body cut off mid-way become refusals.
   */
  const readMultipart = async (req: FastifyRequest, handlers: { onField?: (name: string, value: string) => void; onFile: (part: Multipart & { type: 'file' }) => Promise<void> }) => {
    if (!req.isMultipart()) throw new HttpRefusal(415, KIT_MSG.notMultipart);
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') handlers.onField?.(part.fieldname, part.value);
          continue;
        }
        await handlers.onFile(part);
      }
    } catch (err) {
      throw bodyRefusal(err, { tooLarge: opts.tooLarge }) ?? err;
    }
  };

  return {
    /** onRequest hook: refuses anonymous requests (401) before their body is read. */
    async requireUser(req: FastifyRequest, reply: FastifyReply) {
      const user = sessionUser(req);
      if (!user) return sendError(reply, 401, KIT_MSG.login);
      users.set(req, user);
    },

    /** The signed-in account (Unauthorized → 401 when there is none). */
    userOf,

    /** The query parsed by the schema, or a 400 refusal naming each wrong parameter. */
    query<T extends z.ZodType>(schema: T, req: FastifyRequest): z.infer<T> {
      const q = schema.safeParse(req.query);
      if (!q.success) throw new HttpRefusal(400, q.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)).join('；'));
      return q.data;
    },

    /**
     * Every part of a multipart request: fields to `onField`, files to `onFile` (which must read or
     * discard the stream). Limits, protocol errors and a body cut off mid-way become refusals.
     */
    readMultipart,

    /**
     * The one file of an upload form (field `file`), read whole. `refusal` is what the route found
     * before reading the body (access, edit rules): the file is then dropped unread and the refusal
     * thrown once the body has been read past, so the client hears it whole.
     */
    async readOneFile(
      req: FastifyRequest,
      o: { refusal: unknown; fallbackName: string; maxBytes: number; noFile: string; tooLarge: string },
    ): Promise<{ bytes: Buffer; fileName: string }> {
      let bytes: Buffer | null = null;
      let fileName = '';
      let truncated = false;
      await readMultipart(req, {
        async onFile(part) {
          if (part.fieldname !== 'file' || bytes || o.refusal) return discard(part.file);
          fileName = sanitizeFileName(part.filename ?? '', o.fallbackName);
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          truncated = part.file.truncated === true;
          bytes = Buffer.concat(chunks);
        },
      });
      if (o.refusal) throw o.refusal;
      const file = bytes as Buffer | null;
      if (!file) throw new HttpRefusal(400, o.noFile);
      if (truncated || file.length > o.maxBytes) throw new HttpRefusal(413, o.tooLarge);
      return { bytes: file, fileName };
    },

    /**
     * Sends a file and records who took what: one audit row per export or download, written before
     * the first byte leaves.
     */
    sendFile(
      req: FastifyRequest,
      reply: FastifyReply,
      file: { name: string; mime: string; body: Parameters<FastifyReply['send']>[0]; size?: number },
      /** What was taken; null only for a HEAD request, which takes nothing. */
      audit: (Omit<AuditEntry, 'after'> & { after?: Record<string, unknown> }) | null,
    ) {
      if (audit) {
        const user = userOf(req);
        writeAudit(services.db, { accountId: user.accountId, username: user.username, ip: req.ip }, services.now(), {
          ...audit,
          after: { fileName: file.name, ...(file.size !== undefined ? { size: file.size } : {}), ...audit.after },
        });
      }
      reply
        .code(200)
        .header('Content-Type', file.mime)
        .header('Content-Disposition', contentDisposition(file.name))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store');
      if (file.size !== undefined) reply.header('Content-Length', String(file.size));
      return reply.send(file.body);
    },

    /** The scope's error handler: typed errors mapped once (errors.ts), the rest in Chinese; 5xx logged. */
    errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
      if (err instanceof HttpRefusal) return sendError(reply, err.status, err.message, err.extra);
      if (err instanceof DomainError) {
        const { httpStatus } = codeOf(err);
        return reply.code(httpStatus).send(errorBody(httpStatus, err.message, {}, err instanceof Invalid ? err.problems : null));
      }
      const refusal = bodyRefusal(err, { tooLarge: opts.tooLarge });
      if (refusal) return sendError(reply, refusal.status, refusal.message);
      const status = statusOf(err) ?? 500;
      if (status >= 500) {
        req.log.error({ err }, `${opts.scope} route failed`);
        return sendError(reply, status, KIT_MSG.internal);
      }
      const code = errorCode(err);
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return sendError(reply, 413, opts.bodyTooLarge ?? KIT_MSG.bodyTooLarge);
      if (status === 415) return sendError(reply, 415, KIT_MSG.notMultipart);
      return sendError(reply, status, KIT_MSG.badForm);
    },
  };
}

export type RouteKit = ReturnType<typeof routeKit>;
