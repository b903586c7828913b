/**
 * Limits failed logins per account and per address (sliding window, in memory: one process serves
 * the app). A success clears the account's counter.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly opts = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 20 },
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Minutes until the next attempt is allowed, or 0 when allowed now. */
  blockedFor(username: string, ip: string, now: number): number {
    const acc = this.recent(`u:${username.toLowerCase()}`, now);
    const addr = this.recent(`ip:${ip}`, now);
    const over = (list: number[], max: number) =>
      list.length >= max ? Math.ceil((list[list.length - max] + this.opts.windowMs - now) / 60000) : 0;
    return Math.max(over(acc, this.opts.perAccount), over(addr, this.opts.perAddress));
  }

  recordFailure(username: string, ip: string, now: number): void {
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
