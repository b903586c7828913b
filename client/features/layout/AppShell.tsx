import type { ReactNode } from 'react';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import {
  ApartmentOutlined,
  DatabaseOutlined,
  CalendarOutlined,
  DashboardOutlined,
  PieChartOutlined,
  CheckSquareOutlined,
  EditOutlined,
  FileTextOutlined,
  HistoryOutlined,
  LogoutOutlined,
  SettingOutlined,
  TableOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../../server/root';
import { BUSINESS_ROLES, isBusinessRole, type Role } from '../../../shared/roles';
import { useTRPC } from '../../lib/trpc';
import { NoticeBell } from '../notices/NoticeBell';

type User = RouterOutputs['auth']['me']['user'];

interface MenuEntry {
  key: string;
  label: string;
  icon: ReactNode;
  roles: Role[];
}

const ALL: Role[] = [...BUSINESS_ROLES];

/** Menu entries by role; the server checks the same roles on every procedure. */
export const MENU: MenuEntry[] = [
  { key: '/overview', label: '全省总览', icon: <DashboardOutlined />, roles: ALL },
  { key: '/topics', label: '专项', icon: <PieChartOutlined />, roles: ALL },
  { key: '/report', label: '填报', icon: <EditOutlined />, roles: ['city', 'county'] },
  { key: '/annual', label: '年度报告', icon: <FileTextOutlined />, roles: ['city', 'county'] },
  { key: '/annual-reports', label: '年度报告汇总', icon: <FileTextOutlined />, roles: ['office', 'leader', 'city'] },
  { key: '/reviews', label: '审核', icon: <CheckSquareOutlined />, roles: ['office', 'city'] },
  { key: '/status', label: '报送进度', icon: <TableOutlined />, roles: ALL },
  { key: '/rankings', label: '考核排名', icon: <TrophyOutlined />, roles: ALL },
  { key: '/periods', label: '期次管理', icon: <CalendarOutlined />, roles: ['office'] },
  { key: '/scheme', label: '考核方案', icon: <SettingOutlined />, roles: ['office'] },
  { key: '/audit', label: '审计日志', icon: <HistoryOutlined />, roles: ['office', 'auditor'] },
  { key: '/org', label: '组织机构', icon: <ApartmentOutlined />, roles: [...ALL, 'sysadmin'] },
  { key: '/ops', label: '运维', icon: <DatabaseOutlined />, roles: ['sysadmin'] },
];

export function AppShell({ user, roleName, children }: { user: User; roleName: string; children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        void navigate('/');
        window.location.reload();
      },
    }),
  );
  const province = user.role === 'office' || user.role === 'leader';
  const items = MENU.filter((m) => m.roles.includes(user.role)).map((m) => ({
    key: m.key,
    icon: m.icon,
    // A bureau's overview shows its own city (and counties) or itself, not the province.
    label: m.key === '/overview' && !province ? '总览' : m.label,
  }));
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))?.key;
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', padding: '0 16px 0 0', background: '#8e1b1b' }}>
        <div className="app-logo">政务公开考核</div>
        <div style={{ flex: 1 }} />
        <Space size="middle">
          {isBusinessRole(user.role) && <NoticeBell />}
          <Dropdown
            menu={{
              items: [
                { key: 'account', icon: <UserOutlined />, label: '账号与密码', onClick: () => void navigate('/account') },
                { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => logout.mutate() },
              ],
            }}
          >
            <Button type="text" style={{ color: '#fff' }} aria-label="账号菜单">
              <UserOutlined /> {user.displayName}
              {user.displayName !== roleName ? `（${roleName}）` : ''}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={(e) => void navigate(e.key)} style={{ height: '100%', borderRight: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Typography.Text type="secondary" className="no-print" style={{ display: 'block', marginBottom: 8 }}>
            {user.unitName}
          </Typography.Text>
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
