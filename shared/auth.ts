import { z } from 'zod';

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码').max(200),
    newPassword: z.string().min(8, '新密码至少 8 位').max(200),
  })
  .refine((v) => /[A-Za-z]/.test(v.newPassword) && /\d/.test(v.newPassword), {
    path: ['newPassword'],
    message: '新密码须同时包含字母和数字',
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: '新密码不能与当前密码相同' });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
