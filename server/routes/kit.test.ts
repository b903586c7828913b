/**
 * The route kit: typed errors answered once in the tRPC error shape (Unauthorized 401, TooManyRequests
 * 429 — they used to fall through to 409), and multipart bodies cut off mid-way refused as the
 * client's fault (400 上传请求格式不正确), never a 500.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized } from '../errors';
import { routeKit } from './kit';

describe('typed errors through the kit', () => {
  it.each([
    [new Unauthorized('请先登录'), 401, 'UNAUTHORIZED'],
    [new TooManyRequests('请求过于频繁，请稍后再试'), 429, 'TOO_MANY_REQUESTS'],
    [new Forbidden('无权'), 403, 'FORBIDDEN'],
    [new NotFound('不存在'), 404, 'NOT_FOUND'],
    [new Conflict('已被修改'), 409, 'CONFLICT'],
    [new Invalid('有误', [{ path: 'x', message: '不对' }]), 400, 'BAD_REQUEST'],
  ])('%s → %i', async (err, status, code) => {
    const app = Fastify({ logger: false });
    const kit = routeKit({ services: {} as never, tooLarge: '太大', scope: 'test' });
    app.setErrorHandler(kit.errorHandler);
    app.get('/x', async () => {
      throw err;
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: { message: err.message, data: { code, httpStatus: status } } });
    await app.close();
  });
});

describe('a truncated multipart body', () => {
  let s: TestServer;
  let cookie = '';
  beforeAll(async () => {
    s = await startTestServer();
    cookie = (await s.login('330106')).cookie;
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A multipart body whose file part stops in the middle: no closing boundary. */
  function cutOff(): { body: Buffer; type: string } {
    const boundary = '----zwgkprobe';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    return { body: Buffer.concat([Buffer.from(head), Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 65)]), type: `multipart/form-data; boundary=${boundary}` };
  }

  it.each(['/api/evidence', '/api/excel/upload?unit=330106&period=2018Q4'])('%s answers 400 上传请求格式不正确, not 500', async (url) => {
    const { body, type } = cutOff();
    const res = await fetch(`${s.url}${url}`, { method: 'POST', headers: { cookie, 'content-type': type }, body: new Uint8Array(body) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: '上传请求格式不正确', data: { code: 'BAD_REQUEST', httpStatus: 400 } } });
    // The server is fine afterwards.
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});
