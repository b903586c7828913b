import { z } from 'zod';

/** A 'true'/'false'/'1'/'0' variable as a boolean. */
export const envFlag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1');

/** The environment variables that say where the data lives; the server's `Env` extends these. */
export const DatabaseEnv = z.object({
  DATABASE_PATH: z.string().default('data/zwgk.db'),
  DATA_DIR: z.string().default('data'),
  /** Seed the demo province, accounts and 2018 story into an empty database. */
  SEED_DEMO: envFlag('true'),
});

/** Parses the process environment against a schema, with a Chinese message naming each bad variable. */
export function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`环境变量无效: ${msg}`);
  }
  return parsed.data;
}

/** What the database scripts (`db:migrate`, `db:seed`) read from the environment. */
export function readDatabaseEnv(source: NodeJS.ProcessEnv = process.env): z.infer<typeof DatabaseEnv> {
  return parseEnv(DatabaseEnv, source);
}
