import { randomBytes } from 'node:crypto';

/**
 * Marked workbooks (an upload's problems shown on the user's own file) kept in memory for a short
 * while, for the account that uploaded them only. Bounded by count and total bytes; the oldest go
 * first. They are a convenience: a restart loses them and the user uploads again.
 */
export interface MarkedEntry {
  accountId: number;
  fileName: string;
  buffer: Buffer;
  expires: number;
}

export const MARKED_TTL_MS = 30 * 60 * 1000;
export const MARKED_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

export class MarkedStore {
  private entries = new Map<string, MarkedEntry>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 100,
    private readonly maxBytes = 200 * 1024 * 1024,
    private readonly ttlMs = MARKED_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  put(accountId: number, fileName: string, buffer: Buffer): string {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    this.entries.set(token, { accountId, fileName, buffer, expires: this.clock() + this.ttlMs });
    this.bytes += buffer.length;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
    return token;
  }

  get(token: string): MarkedEntry | null {
    this.sweep();
    return this.entries.get(token) ?? null;
  }

  private remove(token: string) {
    const e = this.entries.get(token);
    if (!e) return;
    this.bytes -= e.buffer.length;
    this.entries.delete(token);
  }

  private sweep() {
    const now = this.clock();
    for (const [token, e] of this.entries) if (e.expires <= now) this.remove(token);
  }
}
