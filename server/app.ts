import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { appRouter, type AppRouter } from './root';
import { makeCreateContext, type Services } from './context';

export interface AppOptions {
  services: Services;
  /** Folder of the built client (index.html + assets); omitted in API-only tests. */
  clientDir?: string | null;
  logLevel?: string;
  trustProxy?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
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

  app.get('/healthz', async (_req, reply) => {
    try {
      const row = services.sqlite.prepare('select 1 as ok').get() as { ok: number } | undefined;
      if (row?.ok === 1) return { ok: true };
    } catch (err) {
      app.log.error({ err }, 'health check failed');
    }
    return reply.code(503).send({ ok: false });
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: makeCreateContext(services),
      onError({ error, path: procPath }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path: procPath }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  const clientDir = opts.clientDir;
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(clientDir), index: ['index.html'], wildcard: false });
    // Client-side routes: any other GET that accepts HTML gets the app shell.
    app.setNotFoundHandler((req, reply) => {
      const isPage = req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/api/');
      if (isPage && (req.headers.accept ?? '').includes('text/html')) return reply.type('text/html').sendFile('index.html');
      return reply.code(404).send({ error: '未找到' });
    });
  }
  return app;
}
