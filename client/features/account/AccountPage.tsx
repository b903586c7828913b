import { App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTRPC, errorInfo } from '../../lib/trpc';
import { useMe } from '../auth/useMe';

export default function AccountPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        message.success('密码已修改，其他设备上的登录已退出');
        form.resetFields();
      },
      onError: (err) => {
        const info = errorInfo(err);
        if (info.fieldErrors.length) {
          form.setFields(info.fieldErrors.map((f) => ({ name: f.path as 'currentPassword' | 'newPassword', errors: [f.message] })));
        } else message.error(info.message);
      },
    }),
  );
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={1} className="page-title">
        账号与密码
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="用户名">{me.user?.username}</Descriptions.Item>
          <Descriptions.Item label="名称">{me.user?.displayName}</Descriptions.Item>
          <Descriptions.Item label="角色">{me.roleName}</Descriptions.Item>
          <Descriptions.Item label="所属单位">
            {me.user?.unitName}（{me.user?.unitCode}）
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="修改密码">
        <Form form={form} layout="vertical" onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}>
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label="新密码" name="newPassword" extra="至少 8 位，须同时包含字母和数字" rules={[{ required: true, message: '请输入新密码' }, { min: 8, message: '新密码至少 8 位' }]}>
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
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            保存新密码
          </Button>
        </Form>
      </Card>
    </div>
  );
}
