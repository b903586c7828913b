import { Alert, Button, Card, Descriptions, Popconfirm, Typography } from 'antd';
import { errorInfo } from '../../lib/trpc';
import { useLogout } from '../auth/useLogout';
import { useMe } from '../auth/useMe';
import { ChangePasswordForm } from './ChangePasswordForm';
import { formatDateTimeZh } from '../../../shared/dates';

export default function AccountPage() {
  const me = useMe();
  const everywhere = useLogout(true);
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
          <Descriptions.Item label="上次登录">{me.previousLoginAt ? `${formatDateTimeZh(me.previousLoginAt)}${me.previousLoginIp ? `（${me.previousLoginIp}）` : ''}` : '首次登录'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="修改密码" style={{ marginBottom: 16 }}>
        <ChangePasswordForm rules={me.passwordRules} />
      </Card>
      <Card title="退出所有设备">
        <Typography.Paragraph type="secondary">结束本账号在所有电脑和手机上的登录（包括当前这一个），之后须重新登录。</Typography.Paragraph>
        {everywhere.error && <Alert type="error" showIcon title={errorInfo(everywhere.error).message} style={{ marginBottom: 12 }} />}
        <Popconfirm title="确定退出所有设备上的登录？" okText="全部退出" cancelText="取消" onConfirm={() => everywhere.mutate()}>
          <Button danger loading={everywhere.isPending}>
            退出所有设备
          </Button>
        </Popconfirm>
      </Card>
    </div>
  );
}
