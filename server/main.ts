import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/client';
import { seedIfEmpty } from '../db/seed';
import { DEMO_ADMINS, DEMO_PASSWORD } from '../db/seed-base';
import { buildApp } from './app';
import { createServices } from './context';
import { clockFrom } from './clock';
import { readClockStart } from '../db/repo/settings';
import { readEnv } from './env';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const env = readEnv();
  const { db, sqlite } = openDatabase(env.DATABASE_PATH);
  const seed = await seedIfEmpty(db, { demo: env.SEED_DEMO, now: new Date() });
  const clockStart = env.APP_CLOCK_START ? new Date(env.APP_CLOCK_START) : readClockStart(db);
  const services = createServices({ db, sqlite, dataDir: env.DATA_DIR, now: clockFrom(clockStart) });
  const app = await buildApp({
    services,
    clientDir: path.join(ROOT, 'dist', 'client'),
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
  });
  const close = async () => {
    await app.close();
    sqlite.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: env.PORT, host: env.HOST });
  const port = (app.server.address() as { port: number }).port;
  const lines = [
    '',
    `政务公开考核 已启动: http://localhost:${port}`,
    `数据库: ${path.resolve(env.DATABASE_PATH)}${seed.seeded ? `（已初始化：${seed.units} 个单位${seed.demo ? '，含演示数据' : ''}）` : ''}`,
  ];
  if (clockStart) lines.push(`业务时钟从 ${clockStart.toISOString()} 起运行（演示数据截至该日）`);
  if (seed.demo || (env.SEED_DEMO && !seed.seeded)) {
    lines.push(
      `演示账号（密码均为 ${DEMO_PASSWORD}）: office 厅办公室 · leader 厅领导 · 330100 杭州市住建局 · 330106 西湖区住建局（各单位以 6 位代码为用户名）`,
      `三员账号（密码同上）: ${DEMO_ADMINS.map((a) => `${a.username} ${a.displayName}`).join(' · ')}`,
    );
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err) => {
  console.error('启动失败:', err);
  process.exit(1);
});
