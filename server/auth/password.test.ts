import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password';

describe('password rules', () => {
  it('states password rules in Chinese', () => {
    expect(passwordProblem('short1')).toBe('密码至少 8 位');
    expect(passwordProblem('onlyletters')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('abc12345')).toBeNull();
  });
});
