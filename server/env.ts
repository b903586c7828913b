import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_PATH: z.string().default('data/zwgk.db'),
  DATA_DIR: z.string().default('data'),
  /** Seed the demo province, accounts and 2018 story into an empty database. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Set when the app sits behind an https reverse proxy. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Start the application clock at this instant (ISO 8601), e.g. for training; demo databases carry their own. */
  APP_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** 'warn' keeps the console readable; 'info' adds one line per request. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});
export type Env = z.infer<typeof Env>;

/** The only place the process environment is read. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`环境变量无效: ${msg}`);
  }
  return parsed.data;
}
