import { z } from 'zod';

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

/** The rules on the new password are the security policy's (`shared/security-policy.ts`), checked by the server. */
export const ChangePasswordInput = z
  .strictObject({
    currentPassword: z.string().min(1, '请输入当前密码').max(200),
    newPassword: z.string().min(1, '请输入新密码').max(200, '新密码不能超过 200 位'),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: '新密码不能与当前密码相同' });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
