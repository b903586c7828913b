/**
 * docs/api.md is used by other systems and outside checks: every curl example in it is run, in
 * order, against the real server on a copy of the demo database. None may meet a 5xx or a
 * connection error, and the server may log no failed procedure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyTemplateDb } from '../helpers/test-server';
import { startServerProcess } from '../helpers/app-process';

const { dir, file } = copyTemplateDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function docScript(port: string, tmp: string): string {
  const md = fs.readFileSync('docs/api.md', 'utf8');
  const blocks = [...md.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .join('\n')
    .replaceAll('localhost:3000', `localhost:${port}`)
    .replaceAll('/tmp/', `${tmp}/`);
}

describe('docs/api.md examples', () => {
  it('run as written against the demo server without a server error', { timeout: 180_000 }, async () => {
    const server = await startServerProcess({ dbFile: file, dataDir: dir, clockStart: '2019-01-25T02:00:00.000Z' });
    const port = new URL(server.url).port;
    const tmp = path.join(dir, 'curl');
    fs.mkdirSync(tmp, { recursive: true });
    const script = docScript(port, tmp);
    expect(script.split('\n').filter((l) => l.trim().startsWith('curl')).length).toBeGreaterThan(60);
    const out = execFileSync('bash', ['-c', script], { cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 150_000 });
    await server.kill('SIGTERM');
    expect(out).not.toMatch(/"httpStatus":5\d\d/);
    expect(out).not.toMatch(/curl: \(\d+\)/);
    expect(out).toContain('"ok":true');
    expect(server.output()).not.toMatch(/procedure failed|Internal Server Error/);
  });
});
