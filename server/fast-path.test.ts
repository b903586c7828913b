import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { accounts, reports, sessions } from '../db/schema';
import { readClockStart } from '../db/repo/settings';
import { copyTemplateDb } from '../tests/helpers/test-server';
import { sessionFor } from '../tests/helpers/callers';
import { buildApp } from './app';
import { SESSION_COOKIE, createSession, hashToken } from './auth/sessions';
import { clockFrom } from './clock';
import { createServices, type Services } from './context';
import { publishRanking } from './services/publication';
import { reviewReport } from './services/reporting';

/**
 * The fast path (server/fast-path.ts, registered in app.ts) must answer exactly as the stock tRPC
 * adapter: the same app is started twice over one database — as built (fast path on) and with
 * ZWGK_TRPC_FAST_PATH=off — and every answer is compared byte for byte.
 */

let dir: string;
let services: Services;
let fast: FastifyInstance;
let stock: FastifyInstance;
let fastUrl: string;
let stockUrl: string;
let closeDb: () => void;
const cookies = new Map<string, string>();

async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  const copy = copyTemplateDb();
  dir = copy.dir;
  const { db, sqlite } = openDatabase(copy.file);
  closeDb = () => sqlite.close();
  services = createServices({ db, sqlite, dataDir: dir, now: clockFrom(readClockStart(db)) });
  fast = await buildApp({ services, logLevel: 'silent' });
  process.env.ZWGK_TRPC_FAST_PATH = 'off';
  try {
    stock = await buildApp({ services, logLevel: 'silent' });
  } finally {
    delete process.env.ZWGK_TRPC_FAST_PATH;
  }
  fastUrl = await listen(fast);
  stockUrl = await listen(stock);
});

afterAll(async () => {
  await fast?.close();
  await stock?.close();
  closeDb?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cookieOf(username: string): string {
  let c = cookies.get(username);
  if (!c) {
    const a = services.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
    c = `${SESSION_COOKIE}=${createSession(services.db, a.id, services.now(), {})}`;
    cookies.set(username, c);
  }
  return c;
}

interface Answer {
  status: number;
  type: string | null;
  vary: string | null;
  length: string | null;
  /** Every header except those about framing and time (date, content-length, transfer-encoding, connection, keep-alive). */
  headers: Record<string, string>;
  body: Buffer;
}

const FRAMING = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

async function call(base: string, pathAndQuery: string, username: string | null): Promise<Answer> {
  const headers: Record<string, string> = username ? { cookie: cookieOf(username) } : {};
  const res = await fetch(base + pathAndQuery, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    vary: res.headers.get('vary'),
    length: res.headers.get('content-length'),
    headers: Object.fromEntries([...res.headers].filter(([k]) => !FRAMING.has(k))),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

const q = (proc: string, input?: unknown) => `/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

/** Asks both apps (the fast one twice: computed, then from its cache) and compares the answers. */
async function same(pathAndQuery: string, username: string | null): Promise<{ answer: Answer; servedFast: boolean }> {
  const s = await call(stockUrl, pathAndQuery, username);
  const f1 = await call(fastUrl, pathAndQuery, username);
  const f2 = await call(fastUrl, pathAndQuery, username);
  for (const f of [f1, f2]) {
    expect(f.status).toBe(s.status);
    expect(f.type).toBe(s.type);
    expect(f.vary).toBe(s.vary);
    expect(f.headers).toEqual(s.headers);
    expect(f.body.toString('utf8')).toBe(s.body.toString('utf8'));
    expect(f.body.equals(s.body)).toBe(true);
  }
  // The stock adapter streams its answer (chunked); the fast path sends a sized buffer.
  return { answer: s, servedFast: f1.length !== null && f2.length !== null && s.length === null };
}

describe('tRPC fast path: identical answers to the stock adapter', () => {
  it('serves rankings, overviews and topics for every role, byte for byte, from the fast path', async () => {
    const cases: [string, unknown, string][] = [
      ['scores.ranking', { year: 2018 }, 'office'],
      ['scores.ranking', { year: 2018 }, 'leader'],
      ['scores.ranking', { year: 2018 }, '330100'],
      ['scores.ranking', { year: 2018 }, '330106'],
      ['scores.ranking', { year: 2018, periodCode: '2018Q3', basis: 'submitted' }, 'leader'],
      ['dashboard.overview', { year: 2018 }, 'leader'],
      ['dashboard.overview', { year: 2018, periodCode: '2018Q2' }, 'office'],
      ['dashboard.overview', { year: 2018, cityCode: '330200' }, 'office'],
      ['dashboard.overview', {}, '330100'],
      ['dashboard.overview', { year: 2018 }, '330106'],
      ['dashboard.topics', { year: 2018 }, 'leader'],
      ['dashboard.topics', { year: 2018 }, '330106'],
    ];
    for (const [proc, input, user] of cases) {
      const { answer, servedFast } = await same(q(proc, input), user);
      expect(answer.status, `${proc} ${JSON.stringify(input)} as ${user}`).toBe(200);
      expect(servedFast, `${proc} ${JSON.stringify(input)} as ${user} served by the fast path`).toBe(true);
    }
  });

  it('leaves errors to the stock adapter: same status and error shape', async () => {
    const cases: [string, string | null, number][] = [
      // Not signed in.
      [q('scores.ranking', { year: 2018 }), null, 401],
      [q('dashboard.overview', { year: 2018 }), null, 401],
      // Forbidden: a county's progress ranking, another city's dashboard.
      [q('scores.ranking', { year: 2018, periodCode: '2018Q3' }), '330106', 403],
      [q('dashboard.overview', { year: 2018, cityCode: '330200' }), '330100', 403],
      // Invalid input, missing input, malformed JSON, an unknown year.
      [q('scores.ranking', { year: 'x' }), 'office', 400],
      [q('scores.ranking'), 'office', 400],
      ['/trpc/scores.ranking?input=%7Bnot-json', 'office', 400],
      [q('scores.ranking', { year: 2017 }), 'office', 404],
      // A cookie that names no session.
      [q('scores.ranking', { year: 2018 }), 'nobody', 401],
    ];
    cookies.set('nobody', `${SESSION_COOKIE}=unknown-token`);
    for (const [url, user, status] of cases) {
      const { answer, servedFast } = await same(url, user);
      expect(answer.status, url).toBe(status);
      expect(JSON.parse(answer.body.toString()).error).toBeTruthy();
      expect(servedFast).toBe(false);
    }
  });

  it('passes batches, other procedures and streaming requests to the stock adapter unchanged', async () => {
    const batch = `/trpc/scores.ranking,dashboard.overview?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { year: 2018 }, 1: { year: 2018 } }))}`;
    expect((await same(batch, 'leader')).servedFast).toBe(false);
    expect((await same(q('scores.publications', { year: 2018 }), 'leader')).servedFast).toBe(false);
    expect((await same(`${q('scores.ranking', { year: 2018 })}&extra=1`, 'leader')).servedFast).toBe(false);
    const streamed = await fetch(fastUrl + q('scores.ranking', { year: 2018 }), { headers: { cookie: cookieOf('leader'), 'trpc-accept': 'application/jsonl' } });
    const streamedStock = await fetch(stockUrl + q('scores.ranking', { year: 2018 }), { headers: { cookie: cookieOf('leader'), 'trpc-accept': 'application/jsonl' } });
    expect(streamed.status).toBe(streamedStock.status);
    expect(await streamed.text()).toBe(await streamedStock.text());
  });

  it('never serves a cached answer after a write: acceptance and publication show at once', async () => {
    const office = sessionFor(services.db, 'office');
    const before = await same(q('scores.ranking', { year: 2018 }), 'office');
    // A report waiting for the office: accept it.
    const waiting = services.db.select().from(reports).where(eq(reports.status, 'approved')).get()!;
    reviewReport({ db: services.db, units: services.units, user: office.user, actor: { accountId: office.user.accountId, username: 'office' }, now: services.now() }, 'accept', {
      reportId: waiting.id,
      revision: waiting.revision,
    });
    const after = await same(q('scores.ranking', { year: 2018 }), 'office');
    expect(after.servedFast).toBe(true);
    expect(after.answer.body.equals(before.answer.body)).toBe(false);

    const unpublished = await same(q('scores.ranking', { year: 2018 }), '330106');
    expect(JSON.parse(unpublished.answer.body.toString()).result.data.status).toBe('unpublished');
    publishRanking(services.db, services.units, { accountId: office.user.accountId, username: 'office' }, office.user, services.now(), 2018);
    const published = await same(q('scores.ranking', { year: 2018 }), '330106');
    expect(JSON.parse(published.answer.body.toString()).result.data.status).toBe('published');
  });

  it('resolves sessions like resolveSession: touches stale ones, refuses expired and deactivated ones', async () => {
    const url = q('dashboard.overview', { year: 2018 });
    const cookie = cookieOf('330106');
    const tokenHash = hashToken(cookie.slice(SESSION_COOKIE.length + 1));
    const setSeen = (msAgo: number) =>
      services.db
        .update(sessions)
        .set({ lastSeenAt: new Date(services.now().getTime() - msAgo).toISOString() })
        .where(eq(sessions.tokenHash, tokenHash))
        .run();
    const seen = () => Date.parse(services.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get()!.lastSeenAt);

    // Seen two minutes ago: the fast path answers and the session is touched.
    setSeen(2 * 60 * 1000);
    const stale = seen();
    expect((await call(fastUrl, url, '330106')).status).toBe(200);
    expect(seen()).toBeGreaterThan(stale);

    // Idle for 9 hours: expired and deleted, by either path.
    setSeen(9 * 60 * 60 * 1000);
    const expired = await call(fastUrl, url, '330106');
    expect(expired.status).toBe(401);
    expect(services.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get()).toBeUndefined();
    cookies.delete('330106');

    // A deactivated account's session answers 401 on both paths.
    cookieOf('330108');
    services.db.update(accounts).set({ active: false }).where(eq(accounts.username, '330108')).run();
    const off = await same(url, '330108');
    expect(off.answer.status).toBe(401);
    services.db.update(accounts).set({ active: true }).where(eq(accounts.username, '330108')).run();
    expect((await same(url, '330108')).answer.status).toBe(200);
  });
});
