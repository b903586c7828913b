import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Popconfirm, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { POLICY_LABELS, type SecurityPolicy } from '../../../shared/security-policy';
import { QueryState } from '../../lib/states';
import { errorInfo, useTRPC } from '../../lib/trpc';

type Key = keyof SecurityPolicy;
const GROUPS: { title: string; keys: Key[] }[] = [
  { title: '密码规则', keys: ['minLength', 'minClasses', 'forbidUsername', 'historyCount', 'expiryDays', 'expiryWarnDays'] },
  { title: '登录失败锁定', keys: ['lockoutThreshold', 'lockoutWindowMinutes', 'lockoutMinutes'] },
  { title: '会话', keys: ['idleMinutes', 'sessionHours'] },
];

/** The security administrator's page: password rules, lockout and session times, changed with a confirmation. */
export default function SecurityPolicyPage() {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.security.policy.queryOptions());
  const [form] = Form.useForm<SecurityPolicy>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data.policy);
  }, [q.data, form]);
  const save = useMutation(
    trpc.security.setPolicy.mutationOptions({
      onSuccess: (r) => {
        message.success(`安全策略已保存（修改 ${r.changed.length} 项），立即生效`);
        void queryClient.invalidateQueries({ queryKey: trpc.security.policy.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (err) => {
        const info = errorInfo(err);
        if (info.fieldErrors.length) form.setFields(info.fieldErrors.map((f) => ({ name: f.path as Key, errors: [f.message] })));
        message.error(info.message);
      },
    }),
  );
  const defaults = q.data?.defaults;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={1} className="page-title">
        安全策略
      </Typography.Title>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {GROUPS.map((g) => (
            <Card key={g.title} title={g.title} style={{ marginBottom: 16 }}>
              {g.keys.map((k) => (
                <Form.Item
                  key={k}
                  name={k}
                  label={POLICY_LABELS[k]}
                  valuePropName={k === 'forbidUsername' ? 'checked' : 'value'}
                  extra={defaults ? `默认：${typeof defaults[k] === 'boolean' ? (defaults[k] ? '是' : '否') : defaults[k]}` : undefined}
                  rules={k === 'forbidUsername' ? [] : [{ required: true, message: `请填写${POLICY_LABELS[k]}` }]}
                >
                  {k === 'forbidUsername' ? <Switch aria-label={POLICY_LABELS[k]} /> : <InputNumber aria-label={POLICY_LABELS[k]} precision={0} style={{ width: 160 }} />}
                </Form.Item>
              ))}
            </Card>
          ))}
          <Popconfirm title="保存安全策略？" description="新策略立即对所有账号生效（会话时长、锁定规则；密码规则在下次修改密码时检查）。" okText="保存" cancelText="取消" onConfirm={() => form.submit()}>
            <Button type="primary" loading={save.isPending}>
              保存
            </Button>
          </Popconfirm>
        </Form>
      </QueryState>
    </Space>
  );
}
