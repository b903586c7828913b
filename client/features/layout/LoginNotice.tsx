import { useState } from 'react';
import { Alert, Space } from 'antd';
import { Link } from 'react-router';
import { formatDateTimeZh } from '../../../shared/dates';
import { useMe } from '../auth/useMe';

/**
 * After login: when and from where the account last signed in, and how many failed attempts there
 * were since (so a user notices someone trying their password); a warning before the password expires.
 */
export function LoginNotice() {
  const me = useMe();
  const [closed, setClosed] = useState(() => sessionStorage.getItem('zwgk.loginNoticeClosed') === '1');
  const close = () => {
    sessionStorage.setItem('zwgk.loginNoticeClosed', '1');
    setClosed(true);
  };
  const last = me.previousLoginAt
    ? `上次登录：${formatDateTimeZh(me.previousLoginAt)}${me.previousLoginIp ? `（${me.previousLoginIp}）` : ''}；此后登录失败 ${me.failuresBefore} 次。`
    : `这是本账号的首次登录${me.failuresBefore ? `；此前登录失败 ${me.failuresBefore} 次` : ''}。`;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: closed && !me.passwordExpiresInDays ? 0 : 12 }} className="no-print">
      {!closed && (
        <Alert
          type={me.failuresBefore > 0 ? 'warning' : 'info'}
          showIcon
          closable={{ onClose: close, 'aria-label': '关闭登录提示' }}
          title={last}
          description={me.failuresBefore > 0 ? '如果这些失败的登录不是您本人所为，请立即修改密码并告知系统管理员。' : undefined}
          data-testid="login-notice"
        />
      )}
      {me.passwordExpiresInDays !== null && (
        <Alert type="warning" showIcon title={<span>密码将在 {me.passwordExpiresInDays} 天后过期，请及时<Link to="/account">修改密码</Link>。</span>} />
      )}
    </Space>
  );
}
