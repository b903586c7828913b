import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { openDatabase } from '../../db/client';
import { buildApp } from '../../server/app';
import { createServices } from '../../server/context';
import { copyTemplateDb, startTestServer, type TestServer } from '../helpers/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('security checks', () => {
  it('API responses carry CSP without inline scripts, frame-ancestors, nosniff and a referrer policy', async () => {
    const res = await fetch(`${s.url}/trpc/auth.me`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('behind an https proxy the session cookie is Secure as well as HttpOnly and SameSite=Strict', async () => {
    const { dir, file } = copyTemplateDb();
    const { db, sqlite } = openDatabase(file);
    const app = await buildApp({ services: createServices({ db, sqlite, dataDir: dir }), logLevel: 'silent', trustProxy: ['127.0.0.1'] });
    // The copied database folder goes away however the test ends.
    onTestFinished(async () => {
      await app.close();
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      payload: JSON.stringify({ username: 'office', password: 'demo2018' }),
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
  });

  it('a note with <script> is stored and returned as plain text, never interpreted by the server', async () => {
    const { client } = await s.login('330108');
    const note = '<script>alert(1)</script> 说明';
    await client.reports.saveDraft.mutate({ unitCode: '330108', periodCode: '2018Q4', revision: 0, values: { 'MC-03': { note } } });
    const form = await client.reports.get.query({ unitCode: '330108', periodCode: '2018Q4' });
    expect(form.values['MC-03']?.note).toBe(note);
  });

  it('the lint rule refuses SQL built by string concatenation', async () => {
    // The project's own config, without type information (the snippet is not a file of the project).
    const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
    const [result] = await eslint.lintText(
      'import Database from "better-sqlite3";\nconst db = new Database(":memory:");\nexport const f = (name: string) => db.prepare(`select * from accounts where username = \'${name}\'`).get();\nexport const g = (name: string) => db.prepare("select * from t where a = " + name).get();\n',
      { filePath: 'server/services/example.ts' },
    );
    const messages = result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
    expect(messages).toEqual([
      '禁止用字符串拼接构造 SQL：请使用参数化查询（? 占位符或 drizzle 的 sql 模板）',
      '禁止用字符串拼接构造 SQL：请使用参数化查询（? 占位符或 drizzle 的 sql 模板）',
    ]);
  });

  it('the lint rule keeps writes and audit rows out of routers and HTTP routes (services own them)', async () => {
    const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
    const snippet = [
      "import { writeAudit } from '../services/audit';",
      "import { accounts } from '../../db/schema';",
      'export const f = (ctx: { db: any }) => ctx.db.transaction((tx: any) => { tx.delete(accounts).run(); writeAudit(tx, null as never, new Date(), null as never); });',
      'export const g = (db: any) => db.insert(accounts).values({}).run();',
      '',
    ].join('\n');
    const restricted = async (filePath: string) =>
      (await eslint.lintText(snippet, { filePath }))[0].messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
    const inRouter = await restricted('server/routers/example.ts');
    expect(inRouter).toEqual([
      "'writeAudit' import from '../services/audit' is restricted. 审计记录由服务函数在写入的同一事务中写入",
      '路由中不得直接写数据库：请调用 server/services/ 中的服务函数（写入与审计同一事务）',
      '路由中不得直接写数据库：请调用 server/services/ 中的服务函数（写入与审计同一事务）',
      '路由中不得直接写数据库：请调用 server/services/ 中的服务函数（写入与审计同一事务）',
    ]);
    expect(await restricted('server/routes/example.ts')).toEqual(inRouter);
    expect(await restricted('server/services/example.ts')).toEqual([]);
  });
});
