import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import {
  ApartmentOutlined,
  DatabaseOutlined,
  CalendarOutlined,
  DashboardOutlined,
  PieChartOutlined,
  ScheduleOutlined,
  CheckSquareOutlined,
  EditOutlined,
  FileTextOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  TableOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import type { RouterOutputs } from '../../../server/root';
import { BUSINESS_ROLES, isBusinessRole, type Role } from '../../../shared/roles';
import { useLogout } from '../auth/useLogout';
import { NoticeBell } from '../notices/NoticeBell';
import { useScrollableRegions } from '../../lib/useScrollableRegions';
import { LoginNotice } from './LoginNotice';

type User = RouterOutputs['auth']['me']['user'];

interface MenuEntry {
  key: string;
  label: string;
  icon: ReactNode;
  roles: Role[];
}

const ALL: Role[] = [...BUSINESS_ROLES];
/** The bureaus' reporting views; the department's divisions work on the task ledger instead. */
const BUREAU_VIEWS: Role[] = ALL.filter((r) => r !== 'division');

/** Menu entries by role; the server checks the same roles on every procedure. */
export const MENU: MenuEntry[] = [
  { key: '/overview', label: '全省总览', icon: <DashboardOutlined />, roles: BUREAU_VIEWS },
  { key: '/topics', label: '专项', icon: <PieChartOutlined />, roles: BUREAU_VIEWS },
  { key: '/tasks', label: '任务台账', icon: <ScheduleOutlined />, roles: ['office', 'leader', 'division'] },
  { key: '/report', label: '填报', icon: <EditOutlined />, roles: ['city', 'county', 'division'] },
  { key: '/annual', label: '年度报告', icon: <FileTextOutlined />, roles: ['city', 'county'] },
  { key: '/annual-reports', label: '年度报告汇总', icon: <FileTextOutlined />, roles: ['office', 'leader', 'city'] },
  { key: '/reviews', label: '审核', icon: <CheckSquareOutlined />, roles: ['office', 'city'] },
  { key: '/status', label: '报送进度', icon: <TableOutlined />, roles: BUREAU_VIEWS },
  { key: '/rankings', label: '考核排名', icon: <TrophyOutlined />, roles: ALL },
  { key: '/periods', label: '期次管理', icon: <CalendarOutlined />, roles: ['office'] },
  { key: '/scheme', label: '考核方案', icon: <SettingOutlined />, roles: ['office'] },
  { key: '/audit', label: '审计日志', icon: <HistoryOutlined />, roles: ['office'] },
  { key: '/security-audit', label: '安全审计', icon: <SafetyCertificateOutlined />, roles: ['auditor'] },
  { key: '/accounts', label: '账号管理', icon: <TeamOutlined />, roles: ['sysadmin', 'secadmin'] },
  { key: '/security', label: '安全策略', icon: <SafetyOutlined />, roles: ['secadmin'] },
  { key: '/org', label: '组织机构', icon: <ApartmentOutlined />, roles: [...ALL, 'sysadmin'] },
  { key: '/ops', label: '运维', icon: <DatabaseOutlined />, roles: ['sysadmin'] },
];

export function AppShell({ user, roleName, children }: { user: User; roleName: string; children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const province = user.role === 'office' || user.role === 'leader';
  const items = MENU.filter((m) => m.roles.includes(user.role)).map((m) => ({
    key: m.key,
    icon: m.icon,
    // A bureau's overview shows its own city (and counties) or itself, not the province.
    label: m.key === '/overview' && !province ? '总览' : m.label,
  }));
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))?.key;
  // Below 992 px the menu moves into a drawer opened from the header's menu button.
  const wide = Grid.useBreakpoint().lg ?? true;
  const [drawer, setDrawer] = useState(false);
  const content = useRef<HTMLElement>(null);
  useScrollableRegions(content);
  useEffect(() => setDrawer(false), [location.pathname]);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={(e) => {
        setDrawer(false);
        void navigate(e.key);
      }}
      style={{ height: '100%', borderRight: 0 }}
    />
  );
  const who = user.displayName !== roleName ? `${user.displayName}（${roleName}）` : user.displayName;
  return (
    <Layout style={{ minHeight: '100%' }}>
      <a href="#main-content" className="skip-link">
        跳到主要内容
      </a>
      <Layout.Header className="app-header">
        {!wide && (
          <Button
            type="text"
            className="app-header-button"
            icon={<MenuOutlined />}
            aria-label="打开导航菜单"
            aria-expanded={drawer}
            onClick={() => setDrawer(true)}
          />
        )}
        <div className="app-logo">政务公开考核</div>
        <div style={{ flex: 1, minWidth: 8 }} />
        <Space size={wide ? 'middle' : 'small'} style={{ minWidth: 0 }} className="app-header-tools">
          {isBusinessRole(user.role) && <NoticeBell />}
          <Dropdown
            menu={{
              items: [
                { key: 'account', icon: <UserOutlined />, label: '账号与密码', onClick: () => void navigate('/account') },
                { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => logout.mutate() },
              ],
            }}
          >
            {/* The accessible name starts with the visible text (WCAG 2.5.3), then says what the button opens. */}
            <Button type="text" className="app-header-button app-user" aria-label={`${who} 账号菜单`} title={who}>
              <UserOutlined />
              <span className="app-user-name">{wide ? who : user.displayName}</span>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light" className="app-sider">
            <nav aria-label="主导航" style={{ height: '100%' }}>
              {menu}
            </nav>
          </Layout.Sider>
        ) : (
          <Drawer title="导航" placement="left" size={240} open={drawer} onClose={() => setDrawer(false)} styles={{ body: { padding: 0 } }}>
            <nav aria-label="主导航">{menu}</nav>
          </Drawer>
        )}
        <Layout.Content id="main-content" tabIndex={-1} className="app-content" ref={content}>
          <Typography.Text type="secondary" className="no-print" style={{ display: 'block', marginBottom: 8 }}>
            {user.unitName}
          </Typography.Text>
          <LoginNotice />
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
