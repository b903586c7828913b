import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { appRouter, type AppRouter } from './root';
import { makeCreateContext, type Services } from './context';
import { evidenceRoutes } from './routes/evidence';
import { excelRoutes } from './routes/excel';
import { publicRoutes } from './routes/public';
import { auditExportRoutes } from './routes/audit-export';
import { registerTrpcFastPath } from './fast-path';
import { notFound, registerHttpEdge } from './http-edge';
import { storageFaultOf } from './storage';

export interface AppOptions {
  services: Services;
  /** Folder of the built client (index.html + assets); omitted in API-only tests. */
  clientDir?: string | null;
  logLevel?: string;
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose `X-Forwarded-For` / `-Proto` / `-Host`
   * are believed; requests from anywhere else are taken at their socket address. Empty: none.
   */
  trustProxy?: readonly string[];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    trustProxy: opts.trustProxy?.length ? [...opts.trustProxy] : false,
    bodyLimit: 2 * 1024 * 1024,
    // Requests Node itself refuses (a URL or headers over its limit) still get a JSON answer in Chinese.
    clientErrorHandler(err: Error & { code?: string }, socket) {
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      const message = tooLarge ? '请求过大：网址或请求头超出限制，请减少查询参数' : '请求格式错误';
      const body = JSON.stringify({ error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: status } } });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy(err);
    },
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd's CSS-in-JS writes <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    hsts: false,
    frameguard: { action: 'deny' },
  });
  await app.register(cookie);
  registerHttpEdge(app, { storage: services.storage });

  /** Liveness: the database answers. `writable` says whether writes can succeed now. */
  app.get('/healthz', async (_req, reply) => {
    try {
      const row = services.sqlite.prepare('select 1 as ok').get() as { ok: number } | undefined;
      if (row?.ok === 1) {
        const storage = services.storage.status();
        return { ok: true, writable: storage.writable, ...(storage.reason ? { reason: storage.reason } : {}) };
      }
    } catch (err) {
      app.log.error({ err }, 'health check failed');
    }
    return reply.code(503).send({ ok: false, writable: false });
  });
  /** Readiness for load balancers: 503 while writes fail (disk full or read-only). */
  app.get('/readyz', async (_req, reply) => {
    const storage = services.storage.status();
    if (storage.writable) return { ok: true };
    return reply.code(503).send({ ok: false, reason: storage.reason });
  });

  // A lean path (and a cache) for read-heavy queries in front of the stock adapter (docs/performance.md).
  registerTrpcFastPath(app, { services });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: makeCreateContext(services),
      onError({ error, path: procPath }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path: procPath }, 'procedure failed');
        const fault = storageFaultOf(error.cause);
        if (fault) app.log.error({ code: fault.code, path: procPath }, `存储故障：${fault.message}`);
      },
      // A storage fault answers 507 (disk full) or 503 (not writable), see server/storage.ts.
      responseMeta({ errors }) {
        const fault = errors.map((e) => storageFaultOf(e.cause)).find((f) => f !== null);
        return fault ? { status: fault.status } : {};
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  await app.register(evidenceRoutes, { services });
  await app.register(excelRoutes, { services });
  await app.register(publicRoutes, { services });
  await app.register(auditExportRoutes, { services });

  const clientDir = opts.clientDir;
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(clientDir), index: ['index.html'], wildcard: true });
    // Client-side routes: any other GET that accepts HTML gets the app shell.
    app.setNotFoundHandler((req, reply) => {
      const isPage = req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/api/');
      if (isPage && (req.headers.accept ?? '').includes('text/html')) return reply.type('text/html').sendFile('index.html');
      return notFound(req, reply);
    });
  } else app.setNotFoundHandler(notFound);
  return app;
}
