import net from 'node:net';
import { z } from 'zod';
import { DatabaseEnv, parseEnv } from '../db/env';

function isAddressOrRange(x: string): boolean {
  const [addr, bits, ...rest] = x.split('/');
  if (rest.length || !net.isIP(addr)) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (net.isIPv4(addr) ? 32 : 128);
}

const Env = DatabaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed: a comma-separated list of
   * addresses or CIDR ranges (`127.0.0.1,10.0.0.5`, `10.0.0.0/24`); `true` = a proxy on this machine
   * (loopback only); `false` (default) = none. Any other client's X-Forwarded-For is ignored.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      const s = v.trim().toLowerCase();
      if (s === '' || s === 'false' || s === '0') return [] as string[];
      if (s === 'true' || s === '1') return ['loopback'];
      const list = s.split(',').map((x) => x.trim()).filter(Boolean);
      const bad = list.filter((x) => !isAddressOrRange(x));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `不是 IP 地址或网段：${bad.join('、')}（应如 127.0.0.1,10.0.0.5 或 10.0.0.0/24）` });
      return list;
    }),
  /** Start the application clock at this instant (ISO 8601), e.g. for training; demo databases carry their own. */
  APP_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** Where backups go; default: a `backups` folder beside the database file. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Daily backup time, HH:MM Beijing time (business clock); `off` disables the schedule. */
  BACKUP_TIME: z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, '应为 HH:MM（北京时间）或 off')
    .default('02:00'),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(3650).default(30),
  BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(1200).default(12),
  /** Run after each backup with BACKUP_FILE set (e.g. rsync/scp to another machine); exit status recorded. */
  BACKUP_COMMAND: z.string().min(1).optional(),
  /** Below this many MB free on the database's disk, writes are refused as 存储空间不足 (default 16). */
  STORAGE_MIN_FREE_MB: z.coerce.number().min(0).default(16),
  /** 'warn' keeps the console readable; 'info' adds one line per request. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});
export type Env = z.infer<typeof Env>;

/** The server's environment: the database's variables (`db/env.ts`) plus the ones below. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(Env, source);
}
