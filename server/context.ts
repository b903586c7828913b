import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type Database from 'better-sqlite3';
import type { DB } from '../db/client';
import { LoginThrottle } from './auth/login-throttle';
import { SESSION_COOKIE, resolveSession, sessionLimits, type Session } from './auth/sessions';
import { UnitDirectory } from './services/unit-directory';
import { StorageHealth } from './storage';
import type { BackupScheduler } from './services/backups';
import path from 'node:path';

/** Long-lived things a request needs: one per process (or per test). */
export interface Services {
  db: DB;
  sqlite: Database.Database;
  dataDir: string;
  units: UnitDirectory;
  loginThrottle: LoginThrottle;
  /** Injected so tests can move time; never read the clock elsewhere in services. */
  now: () => Date;
  /** Whether the database can be written (storage faults, free space). */
  storage: StorageHealth;
  /** Scheduled backups (null in tests and scripts that do not run them). */
  backups: BackupScheduler | null;
}

export function createServices(opts: { db: DB; sqlite: Database.Database; dataDir: string; now?: () => Date; minFreeBytes?: number }): Services {
  return {
    db: opts.db,
    sqlite: opts.sqlite,
    dataDir: opts.dataDir,
    units: new UnitDirectory(opts.db),
    loginThrottle: new LoginThrottle(),
    now: opts.now ?? (() => new Date()),
    storage: new StorageHealth(opts.sqlite, opts.sqlite.memory || !opts.sqlite.name ? null : path.dirname(path.resolve(opts.sqlite.name)), opts.minFreeBytes),
    backups: null,
  };
}

/** How a procedure sets or clears the session cookie; a no-op outside HTTP. */
export interface SessionCookieJar {
  set(token: string): void;
  clear(): void;
}

export interface InnerContextOptions {
  services: Services;
  session: Session | null;
  ip?: string;
  userAgent?: string;
  cookies?: SessionCookieJar;
}

/** Context without an HTTP request, for tests and scripts (`appRouter.createCaller`). */
export function createContextInner(opts: InnerContextOptions) {
  return {
    ...opts.services,
    services: opts.services,
    session: opts.session,
    ip: opts.ip ?? '127.0.0.1',
    userAgent: opts.userAgent,
    cookies: opts.cookies ?? { set() {}, clear() {} },
  };
}
export type Context = ReturnType<typeof createContextInner>;

/** The HTTP layer only adds cookie handling on top of the inner context. */
export function makeCreateContext(services: Services) {
  return ({ req, res }: CreateFastifyContextOptions): Context => {
    const secure = req.protocol === 'https';
    const session = resolveSession(services.db, req.cookies[SESSION_COOKIE], services.now());
    return createContextInner({
      services,
      session,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      cookies: {
        set(token) {
          res.setCookie(SESSION_COOKIE, token, {
            path: '/',
            httpOnly: true,
            sameSite: 'strict',
            secure,
            maxAge: Math.floor(sessionLimits(services.db).lifetimeMs / 1000),
          });
        },
        clear() {
          res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
        },
      },
    });
  };
}
