/**
 * Bad input everywhere: every procedure of the router (enumerated from the router itself) gets wrong
 * types, missing fields, huge strings and unknown keys over HTTP. The answer is a 4xx with a message,
 * never a 5xx, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/root';
import { startTestServer, type TestServer } from '../helpers/test-server';

let s: TestServer;
let office = '';
let county = '';
beforeAll(async () => {
  s = await startTestServer();
  office = (await s.login('office')).cookie;
  county = (await s.login('330106')).cookie;
});
afterAll(() => s.close());

const huge = 'x'.repeat(200_000);
const BAD_INPUTS: [string, unknown][] = [
  ['a string', 'not an object'],
  ['a number', 12345],
  ['an array', [1, 2, 3]],
  ['null', null],
  ['wrong types', { year: 'two thousand', unitCode: 330106, periodCode: true, reportId: 'one', revision: -1, values: 'x', reason: 5, code: [], username: {}, password: 1 }],
  ['huge strings', { year: huge, unitCode: huge, periodCode: huge, reason: huge, username: huge, password: huge, comment: huge, code: huge, title: huge }],
  ['unknown keys', { __proto__: { admin: true }, constructor: { prototype: { x: 1 } }, unexpected: 'value', year: 2018, unitCode: '330106', periodCode: '2018Q4', extraField: 1 }],
];

/**
 * Row counts of every table but sessions (logins above create them) and the stored derived figures
 * (db/schema/derived.ts: a read stores a view's scores the first time it is asked for; they are
 * computed from the data, not data).
 */
function snapshot(): Record<string, number> {
  const tables = s.sqlite
    .prepare(
      `select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' and name <> 'sessions'
        and name not in ('derived_state', 'derived_views', 'unit_scores', 'progress_facts', 'progress_sums')`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map((t) => {
      // eslint-disable-next-line no-restricted-syntax -- table names come from sqlite_master, not from input
      const n = (s.sqlite.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n;
      return [t.name, n];
    }),
  );
}

describe('bad input to every procedure', () => {
  const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>);

  it('covers the whole router', () => {
    expect(procedures.length).toBeGreaterThan(30);
  });

  for (const [path, proc] of procedures) {
    it(path, async () => {
      const before = snapshot();
      // Logging out with a real cookie would end the session(s) the other cases use.
      for (const cookie of path === 'auth.logout' || path === 'auth.logoutEverywhere' ? [undefined] : [office, county]) {
        for (const [label, input] of BAD_INPUTS) {
          const method = proc._def.type === 'query' ? 'GET' : 'POST';
          const res = await s.raw(method, path, input, cookie);
          expect(res.status, `${path} with ${label}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.body.error?.message, `${path} with ${label} has a message`).toBeTruthy();
          }
        }
      }
      // Logging out or in is the only thing a bad input may do to the session table; nothing else is written.
      expect(snapshot()).toEqual(before);
    });
  }
});
