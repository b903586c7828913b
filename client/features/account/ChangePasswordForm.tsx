import { App, Button, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTRPC, errorInfo } from '../../lib/trpc';

/** Current password, new password (under the security policy's rules) and confirmation. */
export function ChangePasswordForm({ rules, onDone, submitText = '保存新密码', block = false }: { rules: string[]; onDone?: () => void; submitText?: string; block?: boolean }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        message.success('密码已修改，其他设备上的登录已退出');
        form.resetFields();
        onDone?.();
      },
      onError: (err) => {
        const info = errorInfo(err);
        const fields = info.fieldErrors.filter((f) => f.path === 'currentPassword' || f.path === 'newPassword');
        if (fields.length) {
          const byField = new Map<string, string[]>();
          for (const f of fields) byField.set(f.path, [...(byField.get(f.path) ?? []), f.message]);
          form.setFields([...byField].map(([name, errors]) => ({ name: name as 'currentPassword' | 'newPassword', errors })));
        } else message.error(info.message);
      },
    }),
  );
  return (
    <Form form={form} layout="vertical" onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}>
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      {rules.length > 0 && (
        <div className="password-rules" style={{ marginBottom: 12 }}>
          <div>新密码须：</div>
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block={block} loading={change.isPending}>
        {submitText}
      </Button>
    </Form>
  );
}
