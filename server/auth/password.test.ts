import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword, passwordProblem } from './password';

describe('password hashing', () => {
  it('hashes with scrypt and a per-hash salt, and verifies', async () => {
    const a = await hashPassword('demo2018');
    const b = await hashPassword('demo2018');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('demo2018', a)).toBe(true);
    expect(await verifyPassword('demo2019', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  it('states password rules in Chinese', () => {
    expect(passwordProblem('short1')).toBe('密码至少 8 位');
    expect(passwordProblem('onlyletters')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('abc12345')).toBeNull();
  });
});
