/**
 * Limits failed password checks per address (sliding window, in memory: one process serves the
 * app), so that one address cannot try passwords against many accounts. Per account, failures
 * lock the account itself under the security policy (`server/auth/identity.ts`).
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();
  constructor(private readonly opts = { windowMs: 15 * 60 * 1000, perAddress: 20 }) {}

  private recent(ip: string, now: number): number[] {
    const list = (this.failures.get(ip) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.failures.set(ip, list);
    else this.failures.delete(ip);
    return list;
  }

  /** Minutes until the next attempt from this address is allowed, or 0 when allowed now. */
  blockedFor(ip: string, now: number): number {
    const list = this.recent(ip, now);
    const max = this.opts.perAddress;
    return list.length >= max ? Math.ceil((list[list.length - max] + this.opts.windowMs - now) / 60000) : 0;
  }

  recordFailure(ip: string, now: number): void {
    const list = this.recent(ip, now);
    list.push(now);
    this.failures.set(ip, list);
  }
}
