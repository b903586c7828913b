import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Result, Spin, Button } from 'antd';
import { useMe } from './features/auth/useMe';
import LoginPage from './features/auth/LoginPage';
import { AppShell } from './features/layout/AppShell';
import { errorInfo } from './lib/trpc';

const OrgUnitsPage = lazy(() => import('./features/org/OrgUnitsPage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));

function FullPageSpin() {
  return (
    <div style={{ display: 'flex', height: '100%', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" tip="加载中…">
        <div style={{ width: 80, height: 80 }} />
      </Spin>
    </div>
  );
}

export function App() {
  const me = useMe();
  if (me.loading) return <FullPageSpin />;
  if (me.error) {
    return (
      <Result
        status="error"
        title="无法连接服务器"
        subTitle={errorInfo(me.error).message}
        extra={<Button onClick={() => me.refetch()}>重试</Button>}
      />
    );
  }
  if (!me.user) return <LoginPage />;
  return (
    <AppShell user={me.user} roleName={me.roleName}>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<Navigate to="/org" replace />} />
          <Route path="/org" element={<OrgUnitsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="*" element={<Result status="404" title="页面不存在" extra={<Button href="/">返回首页</Button>} />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}
