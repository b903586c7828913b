/**
 * The operations page (系统管理员): backups (list, last result, next time, retention, off-site
 * command configured or not), free disk space and whether the database can be written; a backup on
 * demand. The backup rules live in services/backups.ts.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { Invalid } from '../errors';
import { listBackups } from '../services/backups';
import { actorOf } from '../services/audit';
import { router, sysadminProcedure } from '../trpc';

export const opsRouter = router({
  status: sysadminProcedure.query(({ ctx }) => {
    const storage = ctx.storage.status();
    const dbFile = ctx.sqlite.memory ? null : ctx.sqlite.name;
    const dbBytes = dbFile ? ['', '-wal'].reduce((sum, ext) => sum + (fs.existsSync(dbFile + ext) ? fs.statSync(dbFile + ext).size : 0), 0) : null;
    const b = ctx.backups;
    const backups = b
      ? listBackups(b.config.dir).map((e) => ({
          file: e.file,
          takenAt: e.takenAt,
          bytes: e.bytes,
          verified: e.manifest?.verified ?? false,
          trigger: e.manifest?.trigger ?? null,
          sha256: e.manifest?.sha256 ?? null,
          reports: e.manifest?.counts.reports ?? null,
          auditRows: e.manifest?.counts.audit_log ?? null,
          offsite: e.manifest?.offsite ? { ok: e.manifest.offsite.ok, exitCode: e.manifest.offsite.exitCode } : null,
        }))
      : [];
    return {
      now: ctx.now().toISOString(),
      storage: { writable: storage.writable, reason: storage.reason, freeBytes: storage.freeBytes, databaseBytes: dbBytes },
      backup: b
        ? {
            enabled: true,
            dir: b.config.dir,
            time: b.time,
            nextAt: b.nextAt().toISOString(),
            keepDaily: b.config.keepDaily,
            keepMonthly: b.config.keepMonthly,
            offsiteCommand: b.config.command !== null,
            last: b.lastResult(),
          }
        : { enabled: false as const },
      backups,
    };
  }),

  /** A backup now, verified and audited like the scheduled one (the off-site command runs too). */
  backupNow: sysadminProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    if (!ctx.backups) throw new Invalid('本服务未配置备份');
    const run = await ctx.backups.runNow('manual', actorOf(ctx));
    if (!run.ok || !run.manifest) throw new Invalid(run.error ?? '备份失败');
    const m = run.manifest;
    return {
      file: m.file,
      bytes: m.bytes,
      sha256: m.sha256,
      verified: m.verified,
      offsite: m.offsite ? { ok: m.offsite.ok, exitCode: m.offsite.exitCode } : null,
      message: `已备份并校验通过：${m.file}${m.pruned.length ? `；按保留规则删除了 ${m.pruned.length} 份旧备份` : ''}${m.offsite && !m.offsite.ok ? `；异地备份命令失败（退出码 ${m.offsite.exitCode ?? '无'}）` : ''}`,
    };
  }),
});
