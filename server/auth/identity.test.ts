import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, passwordProblems } from '../../shared/security-policy';
import { oneTimePassword } from './identity';

describe('password policy and one-time passwords', () => {
  it("states the default policy's password rules in Chinese: length, 3 of 4 classes, not the username", () => {
    expect(passwordProblems('Short1!', 'u', DEFAULT_POLICY)).toEqual(['密码至少 8 位']);
    expect(passwordProblems('onlyletters', 'u1', DEFAULT_POLICY)).toEqual(['密码须包含大写字母、小写字母、数字、符号中的至少 3 类（当前 1 类）']);
    expect(passwordProblems('abc12345', 'u1', DEFAULT_POLICY)).toHaveLength(1);
    expect(passwordProblems('Abc12345', 'u1', DEFAULT_POLICY)).toEqual([]);
    expect(passwordProblems('X330106yz!', '330106', DEFAULT_POLICY)).toEqual(['密码不得包含用户名']);
  });

  it('one-time passwords are random, 12 characters, and meet the strictest class rule', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword();
      expect(p).toHaveLength(12);
      expect(passwordProblems(p, 'user', { ...DEFAULT_POLICY, minClasses: 4 })).toEqual([]);
      expect(p).not.toMatch(/[0O1lI]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
