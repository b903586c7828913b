import { Alert, Button, Card, Typography } from 'antd';
import { useLogout } from '../auth/useLogout';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * The only screen of an account whose password must be changed (a one-time password after account
 * creation or a reset, or an expired one): the server refuses everything else until it is done.
 */
export function ForcedPasswordChange({ displayName, username, rules, onDone }: { displayName: string; username: string; rules: string[]; onDone: () => void }) {
  const logout = useLogout();
  return (
    <div className="login-page">
      <Card style={{ width: 440, maxWidth: '100%' }} styles={{ body: { padding: 24 } }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          请修改密码
        </Typography.Title>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${displayName}（${username}）：初始密码、重置后的密码或已过期的密码须修改后才能继续使用。`}
        />
        <ChangePasswordForm rules={rules} onDone={onDone} submitText="修改密码并继续" block />
        <Button style={{ marginTop: 12 }} block onClick={() => logout.mutate()} loading={logout.isPending}>
          退出登录
        </Button>
      </Card>
    </div>
  );
}
