/**
 * The business clock: what "now" is for deadlines, timeliness, locks, audit rows and `updatedAt`.
 * It never runs backwards — neither within a process nor across restarts.
 *
 * - A demo database carries the day its story is told as of (`demo.clockStart`). The clock starts
 *   there the first time and afterwards continues from the latest instant it recorded or the latest
 *   write (audit row), whichever is later, so a restart never dates a row before an earlier one and
 *   never reopens a locked period.
 * - A real database uses the system clock, and refuses to start when the system clock is behind the
 *   newest audit row by more than a minute (`ClockBehind`, a Chinese message).
 * - `APP_CLOCK_START` is an explicit operator override (training, tests): the clock starts there.
 *
 * Within a process `now()` is monotonic: it never returns an instant before one it returned already.
 */
import type Database from 'better-sqlite3';

/** Settings key: the latest business instant the clock recorded (ISO 8601). */
export const CLOCK_RECORDED_KEY = 'clock.recorded';
const DEMO_CLOCK_KEY = 'demo.clockStart';
/** How far the system clock may be behind the newest audit row before a real deployment refuses to start. */
export const MAX_CLOCK_SKEW_MS = 60_000;
const RECORD_EVERY_MS = 30_000;

export class ClockBehind extends Error {
  constructor(newest: Date, system: Date) {
    super(
      `系统时钟落后于最新审计记录（最新记录 ${newest.toISOString()}，系统时间 ${system.toISOString()}，相差 ${Math.round((newest.getTime() - system.getTime()) / 1000)} 秒）：` +
        '请先校准服务器时间（NTP）再启动，否则新记录的时间会早于已有记录',
    );
    this.name = 'ClockBehind';
  }
}

/** A monotonic clock from a millisecond source: never returns less than it returned before. */
export function monotonic(source: () => number): () => Date {
  let last = -Infinity;
  return () => {
    const t = source();
    if (t > last) last = t;
    return new Date(last);
  };
}

/** A clock that starts at `start` and runs forward with the system clock (monotonic). */
export function clockFrom(start: Date | null, system: () => number = Date.now): () => Date {
  if (!start) return monotonic(system);
  const offset = start.getTime() - system();
  return monotonic(() => system() + offset);
}

export interface BusinessClock {
  now: () => Date;
  mode: 'demo' | 'real' | 'override';
  /** The instant the clock started at (demo/override) or null (real time). */
  startedAt: Date | null;
  /** Stores the current instant so the next start continues from it. */
  record(): void;
  /** Records and stops the periodic recording. */
  stop(): void;
}

function setting(sqlite: Database.Database, key: string): string | null {
  const row = sqlite.prepare('select value from settings where key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** The latest instant any write was recorded at (audit rows accompany every write). */
export function latestWrite(sqlite: Database.Database): Date | null {
  const row = sqlite.prepare('select max(at) as at from audit_log').get() as { at: string | null } | undefined;
  return row?.at ? new Date(row.at) : null;
}

function latest(...dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && !Number.isNaN(d.getTime()) && (!best || d > best)) best = d;
  return best;
}

/**
 * Opens the business clock of a database (see the file comment). `system` is the real clock in
 * milliseconds (injectable for tests). Throws ClockBehind for a real database whose newest audit row
 * is more than a minute ahead of the system clock.
 */
export function openBusinessClock(
  sqlite: Database.Database,
  opts: { override?: Date | null; system?: () => number; recordEveryMs?: number | null } = {},
): BusinessClock {
  const system = opts.system ?? Date.now;
  const demoStart = setting(sqlite, DEMO_CLOCK_KEY);
  const recorded = setting(sqlite, CLOCK_RECORDED_KEY);
  const newest = latestWrite(sqlite);
  let mode: BusinessClock['mode'];
  let start: Date | null;
  if (opts.override) {
    mode = 'override';
    start = opts.override;
  } else if (demoStart) {
    mode = 'demo';
    start = latest(new Date(demoStart), recorded ? new Date(recorded) : null, newest);
  } else {
    mode = 'real';
    start = null;
    const sys = new Date(system());
    if (newest && newest.getTime() - sys.getTime() > MAX_CLOCK_SKEW_MS) throw new ClockBehind(newest, sys);
  }
  const now = clockFrom(start, system);
  const write = sqlite.prepare(
    `insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value where excluded.value > settings.value`,
  );
  const record = () => {
    try {
      write.run(CLOCK_RECORDED_KEY, now().toISOString());
    } catch {
      // A full or read-only disk: the next write attempt reports it; the clock keeps running.
    }
  };
  if (mode !== 'real') record();
  const every = opts.recordEveryMs === undefined ? RECORD_EVERY_MS : opts.recordEveryMs;
  const timer = mode !== 'real' && every ? setInterval(record, every) : null;
  timer?.unref();
  return {
    now,
    mode,
    startedAt: start,
    record,
    stop() {
      if (timer) clearInterval(timer);
      if (mode !== 'real') record();
    },
  };
}
