/**
 * What every HTTP request meets before and after the routes, whatever the route:
 * - refusals in one shape: Chinese JSON in the tRPC error shape (`{ error: { message, code, data } }`),
 *   also for what Fastify or the tRPC adapter refuse themselves (413, 415, malformed JSON, unknown
 *   procedure or route);
 * - a cross-site check on state-changing requests (tRPC mutations, multipart uploads, any POST):
 *   refused when `Sec-Fetch-Site` is `cross-site` or `Origin` names another site; requests without
 *   either header (curl, scripts) pass;
 * - HSTS when the request came over https (directly or through a trusted proxy);
 * - storage faults (full or read-only disk) → 507 / 503 with the Chinese message.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { StorageHealth } from './storage';
import { storageFaultOf } from './storage';

const KEY_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
  507: 'SERVICE_UNAVAILABLE',
};

/** The tRPC error shape for a refusal outside tRPC (HTTP status kept in `data.httpStatus`). */
export function errorBody(status: number, message: string) {
  const key = KEY_BY_STATUS[status] ?? 'INTERNAL_SERVER_ERROR';
  return { error: { message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus: status, fieldErrors: null } } };
}

export function sendError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(status, message));
}

/** Chinese wording for refusals whose own text is English (from Fastify, the tRPC adapter or a parser). */
export const REFUSAL_MSG: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: '请求内容不是有效的 JSON',
  BAD_REQUEST: '请求格式不正确',
  NOT_FOUND: '请求的接口或资源不存在',
  METHOD_NOT_SUPPORTED: '请求方法不受支持：查询请用 GET，修改请用 POST',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的请求内容类型：请以 Content-Type: application/json 发送',
  TIMEOUT: '请求超时，请重试',
  UNAUTHORIZED: '请先登录',
  FORBIDDEN: '无权执行此操作',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  UNPROCESSABLE_CONTENT: '请求内容无法处理',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后重试',
  INTERNAL_SERVER_ERROR: '服务器内部错误，请稍后重试或联系管理员',
};

const CJK = /[\u4e00-\u9fff]/;
/** Whether a message is already meant for the user (Chinese); English adapter or parser text is not. */
export function isChinese(message: string): boolean {
  return CJK.test(message);
}

/** Chinese text for an English refusal from the tRPC adapter (unknown procedure, bad JSON, content type…). */
export function chineseRefusal(code: TRPC_ERROR_CODE_KEY, message: string, path?: string): string {
  if (isChinese(message)) return message;
  if (code === 'NOT_FOUND' && /procedure/i.test(message)) return `接口 ${path ?? ''} 不存在，请对照 docs/api.md 检查过程名`.replace('  ', ' ');
  if (code === 'BAD_REQUEST' && /JSON|position|token|Unexpected/i.test(message)) return REFUSAL_MSG.PARSE_ERROR!;
  if (code === 'METHOD_NOT_SUPPORTED' || /Unsupported GET-request|POST-request/i.test(message)) return REFUSAL_MSG.METHOD_NOT_SUPPORTED!;
  return REFUSAL_MSG[code] ?? REFUSAL_MSG.BAD_REQUEST!;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from another site. Browsers send `Sec-Fetch-Site` (which
 * pages cannot forge) and `Origin` on every POST; curl and scripts send neither and pass.
 */
export function isCrossSite(req: Pick<FastifyRequest, 'method' | 'headers' | 'host'>): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  if (site === 'same-origin' || site === 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host.toLowerCase() !== String(req.host ?? '').toLowerCase();
  } catch {
    return true;
  }
}

export const CROSS_SITE_MSG = '拒绝跨站请求：请在本系统的页面中操作';
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

export function registerHttpEdge(app: FastifyInstance, opts: { storage: StorageHealth }): void {
  app.addHook('onRequest', async (req, reply) => {
    if (isCrossSite(req)) {
      req.log.warn({ origin: req.headers.origin, site: req.headers['sec-fetch-site'], url: req.url }, 'cross-site request refused');
      return sendError(reply, 403, CROSS_SITE_MSG);
    }
    // A tRPC mutation without a body (e.g. `curl -X POST …/trpc/auth.logout`) needs no content type.
    if (req.method === 'POST' && req.url.startsWith('/trpc/') && req.headers['content-type'] === undefined) {
      const length = req.headers['content-length'];
      const chunked = req.headers['transfer-encoding'] !== undefined;
      if (!chunked && (length === undefined || length === '0')) req.headers['content-type'] = 'application/json';
    }
  });

  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS_VALUE);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const fault = storageFaultOf(err);
    if (fault) {
      opts.storage.noteFault(fault);
      req.log.error({ code: fault.code, url: req.url }, `存储故障：${fault.message}`);
      return sendError(reply, fault.status, fault.message);
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err, url: req.url }, 'request failed');
      return sendError(reply, status, REFUSAL_MSG.INTERNAL_SERVER_ERROR!);
    }
    const key = KEY_BY_STATUS[status] ?? 'BAD_REQUEST';
    const message =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
        ? REFUSAL_MSG.PARSE_ERROR!
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? '请求内容过大，超出服务器允许的大小'
          : isChinese(err.message)
            ? err.message
            : (REFUSAL_MSG[key] ?? REFUSAL_MSG.BAD_REQUEST!);
    return sendError(reply, status, message);
  });
}

/** The 404 of an unknown API route, in the same shape. */
export function notFound(req: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, 404, `未找到：${req.method} ${req.url.split('?')[0]}`);
}
