import { z } from 'zod';
import { DatabaseEnv, envFlag, parseEnv } from '../db/env';

const Env = DatabaseEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Set when the app sits behind an https reverse proxy. */
  TRUST_PROXY: envFlag('false'),
  /** Start the application clock at this instant (ISO 8601), e.g. for training; demo databases carry their own. */
  APP_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  /** 'warn' keeps the console readable; 'info' adds one line per request. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});
export type Env = z.infer<typeof Env>;

/** The server's environment: the database's variables (`db/env.ts`) plus the ones below. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(Env, source);
}
