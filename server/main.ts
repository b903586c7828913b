import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/client';
import { seedIfEmpty } from '../db/seed';
import { DEMO_ADMINS, DEMO_PASSWORD } from '../db/seed-base';
import { buildApp } from './app';
import { createServices } from './context';
import { ClockBehind, openBusinessClock } from './clock';
import { readEnv } from './env';
import { BackupScheduler, defaultBackupDir } from './services/backups';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const env = readEnv();
  const { db, sqlite } = openDatabase(env.DATABASE_PATH);
  const seed = await seedIfEmpty(db, { demo: env.SEED_DEMO, now: new Date() });
  const clock = openBusinessClock(sqlite, { override: env.APP_CLOCK_START ? new Date(env.APP_CLOCK_START) : null });
  const services = createServices({ db, sqlite, dataDir: env.DATA_DIR, now: clock.now, minFreeBytes: env.STORAGE_MIN_FREE_MB * 1024 * 1024 });
  const backupDir = path.resolve(env.BACKUP_DIR ?? defaultBackupDir(env.DATABASE_PATH));
  services.backups = new BackupScheduler(
    { sqlite, db, now: clock.now, log: { error: (obj, msg) => app.log.error(obj, msg) } },
    { dir: backupDir, keepDaily: env.BACKUP_KEEP_DAILY, keepMonthly: env.BACKUP_KEEP_MONTHLY, command: env.BACKUP_COMMAND ?? null },
    env.BACKUP_TIME === 'off' ? '02:00' : env.BACKUP_TIME,
  );
  const app = await buildApp({
    services,
    clientDir: path.join(ROOT, 'dist', 'client'),
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
  });
  if (env.BACKUP_TIME !== 'off') services.backups.start();
  const close = async () => {
    services.backups?.stop();
    await app.close();
    clock.stop();
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
  lines.push(`备份: ${backupDir}${env.BACKUP_TIME === 'off' ? '（未启用定时备份）' : `（每天北京时间 ${env.BACKUP_TIME} 按业务时钟自动备份，保留 ${env.BACKUP_KEEP_DAILY} 天 + ${env.BACKUP_KEEP_MONTHLY} 个月${env.BACKUP_COMMAND ? '，并执行 BACKUP_COMMAND 异地复制' : ''}）`}`);
  if (clock.mode === 'demo') lines.push(`业务时钟从 ${clock.startedAt!.toISOString()} 起运行（演示数据的时间，重启后接续上次记录的时间）`);
  if (clock.mode === 'override') lines.push(`业务时钟按 APP_CLOCK_START 从 ${clock.startedAt!.toISOString()} 起运行`);
  if (seed.demo || (env.SEED_DEMO && !seed.seeded)) {
    lines.push(
      `演示账号（密码均为 ${DEMO_PASSWORD}）: office 厅办公室 · leader 厅领导 · 330100 杭州市住建局 · 330106 西湖区住建局（各单位以 6 位代码为用户名）`,
      `三员账号（密码同上）: ${DEMO_ADMINS.map((a) => `${a.username} ${a.displayName}`).join(' · ')}`,
    );
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err) => {
  if (err instanceof ClockBehind) {
    console.error(`启动失败：${err.message}`);
    process.exit(1);
  }
  console.error('启动失败:', err);
  process.exit(1);
});
