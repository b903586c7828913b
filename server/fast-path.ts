/**
 * A lean request path for a few read-heavy tRPC queries (rankings, dashboards), in front of the stock
 * Fastify adapter.
 *
 * Why: tRPC v11's stock adapters turn every request into a Fetch `Request` with an `AbortSignal`, run
 * the generic batch/stream machinery and stream the `Response` back; on this kind of machine that is
 * ≈ 0.2× the requests per second of a plain Fastify route returning the same JSON. The answers read
 * stored figures (decision 0008) and cost tens of milliseconds of CPU at national scale, but they only
 * change with an audited write, the day, or who asks: caching the serialized answer per write
 * generation and sharing one computation between concurrent identical calls is what keeps 50 clients
 * at 1,100–1,450 req/s (stock adapter: 40–170 req/s, p99 1–4 s). See docs/performance.md, session 3.
 *
 * What: an `onRequest` hook that takes single (non-batched) `GET /trpc/<procedure>?input=…` calls of
 * the allow-listed query procedures and
 * (a) resolves the session once (the same `resolveSession` the stock context uses),
 * (b) runs the procedure through tRPC's public API (`callTRPCProcedure` with the same context
 *     `createContextInner` builds, so every middleware — auth, role checks, domain-error mapping,
 *     input validation — runs as usual),
 * (c) serializes `{"result":{"data":…}}` exactly as the stock adapter does (`transformTRPCResponse`
 *     then `JSON.stringify`), with the same status and content headers, and
 * (d) on ANY error (no session, bad input, forbidden, not found, a cookie write, anything thrown)
 *     does nothing: the request continues to the stock tRPC handler, which runs the query again
 *     (queries are idempotent) and answers with the usual error shape and `onError` logging.
 * (e) It caches the serialized answer per (procedure, raw input, role, unit), valid for one write
 *     generation (`writeGeneration()`, bumped by every audited write) and one app-clock day; a
 *     changed generation or day empties the cache. Concurrent identical calls share one computation.
 *
 * Nothing else changes: mutations, batches, other procedures, HEAD, `trpc-accept` (streaming)
 * requests and anonymous requests all go to the stock adapter untouched. Set
 * `ZWGK_TRPC_FAST_PATH=off` to switch it off (e.g. to compare with the stock adapter).
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { callTRPCProcedure, transformTRPCResponse } from '@trpc/server';
import { SESSION_COOKIE, resolveSession, type Session } from './auth/sessions';
import { createContextInner, type Services } from './context';
import { appRouter } from './root';
import { writeGeneration } from './services/audit';
import { today } from '../shared/dates';

/**
 * Read-only queries whose answer depends only on the input, the caller's role and unit, the data
 * (every change of which is an audited write) and the app-clock day.
 */
export const FAST_PATH_PROCEDURES: readonly string[] = ['scores.ranking', 'dashboard.overview', 'dashboard.topics'];

export interface FastPathOptions {
  services: Services;
  /** Where the tRPC plugin is mounted. */
  prefix?: string;
  procedures?: readonly string[];
  /** Cache serialized answers (default true); `maxBytes` bounds the cache (default 256 MB). */
  cache?: boolean | { maxBytes: number };
}

export interface FastPathStats {
  served: number;
  cacheHits: number;
  fallbacks: number;
}

/** Thrown into the procedure if it tries to set or clear the session cookie: such calls go to the stock path. */
class CookieWrite extends Error {}

const JSON_HEADERS = { 'content-type': 'application/json', vary: 'trpc-accept, accept' } as const;

/** Registers the fast path on the root instance. Call it before registering the tRPC plugin. */
export function registerTrpcFastPath(app: FastifyInstance, opts: FastPathOptions): FastPathStats {
  const stats: FastPathStats = { served: 0, cacheHits: 0, fallbacks: 0 };
  if (process.env.ZWGK_TRPC_FAST_PATH === 'off') return stats;
  const { services } = opts;
  const prefix = `${opts.prefix ?? '/trpc'}/`;
  const allowed = new Set(opts.procedures ?? FAST_PATH_PROCEDURES);
  const cacheOn = opts.cache !== false;
  const maxBytes = typeof opts.cache === 'object' ? opts.cache.maxBytes : 256 * 1024 * 1024;
  const config = appRouter._def._config;

  let stamp = '';
  let cacheBytes = 0;
  const cache = new Map<string, Buffer>();
  const inflight = new Map<string, Promise<Buffer>>();
  const currentStamp = () => `${writeGeneration()}|${today(services.now())}`;

  const compute = async (req: FastifyRequest, path: string, rawInput: string | null, session: Session) => {
    const input = rawInput ? config.transformer.input.deserialize(JSON.parse(rawInput)) : undefined;
    const ctx = createContextInner({
      services,
      session,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      cookies: {
        set() {
          throw new CookieWrite('fast path: cookie write');
        },
        clear() {
          throw new CookieWrite('fast path: cookie write');
        },
      },
    });
    const data: unknown = await callTRPCProcedure({
      router: appRouter,
      path,
      getRawInput: async () => input,
      ctx,
      type: 'query',
      signal: undefined,
      batchIndex: 0,
    });
    if (isStreamLike(data)) throw new Error('fast path: stream-like result');
    return Buffer.from(JSON.stringify(transformTRPCResponse(config, { result: { data } })), 'utf8');
  };

  const answer = async (req: FastifyRequest, path: string, rawInput: string | null, session: Session) => {
    if (!cacheOn) return compute(req, path, rawInput, session);
    const at = currentStamp();
    if (at !== stamp) {
      cache.clear();
      inflight.clear();
      cacheBytes = 0;
      stamp = at;
    }
    const key = `${path}\n${rawInput ?? ''}\n${session.user.role}\n${session.user.unitCode}`;
    const hit = cache.get(key);
    if (hit) {
      stats.cacheHits++;
      return hit;
    }
    let pending = inflight.get(key);
    if (!pending) {
      pending = compute(req, path, rawInput, session);
      inflight.set(key, pending);
      // Only an answer computed wholly within one generation and day is kept.
      pending.then(
        (body) => {
          if (inflight.get(key) === pending) inflight.delete(key);
          if (currentStamp() !== at || stamp !== at || body.length > maxBytes) return;
          for (const [k, b] of cache) {
            if (cacheBytes + body.length <= maxBytes) break;
            cache.delete(k);
            cacheBytes -= b.length;
          }
          cache.set(key, body);
          cacheBytes += body.length;
        },
        () => {
          if (inflight.get(key) === pending) inflight.delete(key);
        },
      );
    }
    return pending;
  };

  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (req.method !== 'GET' || !req.url.startsWith(prefix)) return done();
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url.slice(prefix.length) : req.url.slice(prefix.length, q);
    if (!allowed.has(path) || req.headers['trpc-accept'] !== undefined || req.headers['content-type'] !== undefined) return done();
    const params = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
    for (const name of params.keys()) if (name !== 'input') return done();
    if (params.getAll('input').length > 1) return done();
    let session: Session | null;
    try {
      session = resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now());
    } catch {
      return fallback();
    }
    if (!session) return fallback();
    answer(req, path, params.get('input'), session).then(
      (body) => {
        try {
          void reply.code(200).headers(JSON_HEADERS).send(body);
          stats.served++;
        } catch (err) {
          if (!reply.sent) fallback();
          else req.log.error({ err }, 'tRPC fast path: sending failed');
        }
      },
      () => fallback(),
    );

    function fallback() {
      stats.fallbacks++;
      done();
    }
  });
  return stats;
}

function isStreamLike(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  return Symbol.asyncIterator in x || typeof (x as { getReader?: unknown }).getReader === 'function' || typeof (x as { pipe?: unknown }).pipe === 'function';
}
