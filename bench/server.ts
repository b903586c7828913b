/**
 * The real app (`buildApp`, as `server/main.ts` builds it) on 127.0.0.1 over a copy of the national
 * dataset, plus the same app with the tRPC fast path switched off (the stock adapter only), both
 * sharing one set of services, and the "limit" routes: plain Fastify routes in the same process that
 * return a given JSON object.
 */
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { accounts } from '../db/schema';
import { readClockStart } from '../db/repo/settings';
import { buildApp } from '../server/app';
import { createServices, type Services } from '../server/context';
import { clockFrom } from '../server/clock';
import { SESSION_COOKIE, createSession } from '../server/auth/sessions';

export interface BenchServer {
  /** The app as deployed (with the fast path registered in server/app.ts). */
  url: string;
  /** The same app with ZWGK_TRPC_FAST_PATH=off: the stock tRPC adapter only. */
  stockUrl: string;
  services: Services;
  /**
   * Serves `body` as JSON at `${url}/bench/plain/${name}` (Fastify's own serializer, every request)
   * and its serialized bytes as they are at `${url}/bench/bytes/${name}` (the transport floor).
   */
  setPlain(name: string, body: unknown): void;
  /** A fresh session cookie of an account ("zwgk_session=…"). */
  cookieFor(username: string): string;
  close(): Promise<void>;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

export async function startBenchServer(file: string, dataDir: string, now?: () => Date): Promise<BenchServer> {
  const { db, sqlite } = openDatabase(file, { migrate: false });
  const services = createServices({ db, sqlite, dataDir, now: now ?? clockFrom(readClockStart(db)) });
  const app = await buildApp({ services, logLevel: 'silent' });
  const plain = new Map<string, unknown>();
  const plainBytes = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/bench/plain/:name', async (req, reply) => {
    if (!plain.has(req.params.name)) return reply.code(404).send({ error: 'no such body' });
    return plain.get(req.params.name);
  });
  app.get<{ Params: { name: string } }>('/bench/bytes/:name', async (req, reply) => {
    const bytes = plainBytes.get(req.params.name);
    if (!bytes) return reply.code(404).send({ error: 'no such body' });
    return reply.header('content-type', 'application/json').send(bytes);
  });
  const url = await listen(app);
  const before = process.env.ZWGK_TRPC_FAST_PATH;
  process.env.ZWGK_TRPC_FAST_PATH = 'off';
  let stock: FastifyInstance;
  try {
    stock = await buildApp({ services, logLevel: 'silent' });
  } finally {
    if (before === undefined) delete process.env.ZWGK_TRPC_FAST_PATH;
    else process.env.ZWGK_TRPC_FAST_PATH = before;
  }
  const stockUrl = await listen(stock);
  return {
    url,
    stockUrl,
    services,
    setPlain(name, body) {
      plain.set(name, body);
      plainBytes.set(name, Buffer.from(JSON.stringify(body), 'utf8'));
    },
    cookieFor(username) {
      const a = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get();
      if (!a) throw new Error(`bench: no account ${username}`);
      return `${SESSION_COOKIE}=${createSession(db, a.id, services.now(), { ip: '127.0.0.1', userAgent: 'zwgk-bench' })}`;
    },
    async close() {
      await app.close();
      await stock.close();
      sqlite.close();
    },
  };
}
