import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Result, Spin, Button } from 'antd';
import { useMe } from './features/auth/useMe';
import LoginPage from './features/auth/LoginPage';
import { ForcedPasswordChange } from './features/account/ForcedPasswordChange';
import { AppShell } from './features/layout/AppShell';
import { errorInfo } from './lib/trpc';
import type { Role } from '../shared/roles';

const OrgUnitsPage = lazy(() => import('./features/org/OrgUnitsPage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
const AccountsPage = lazy(() => import('./features/accounts/AccountsPage'));
const SecurityPolicyPage = lazy(() => import('./features/security/SecurityPolicyPage'));
const ReportFormPage = lazy(() => import('./features/reports/ReportFormPage'));
const ReviewQueuePage = lazy(() => import('./features/reviews/ReviewQueuePage'));
const ReceiptPage = lazy(() => import('./features/receipts/ReceiptPage'));
const StatusGridPage = lazy(() => import('./features/status/StatusGridPage'));
const AuditLogPage = lazy(() => import('./features/audit/AuditLogPage'));
const SecurityAuditPage = lazy(() => import('./features/audit/SecurityAuditPage'));
const PeriodsPage = lazy(() => import('./features/periods/PeriodsPage'));
const SchemePage = lazy(() => import('./features/scheme/SchemePage'));
const RankingPage = lazy(() => import('./features/rankings/RankingPage'));
const UnitPage = lazy(() => import('./features/units/UnitPage'));
const OverviewPage = lazy(() => import('./features/dashboard/OverviewPage'));
const TopicsPage = lazy(() => import('./features/dashboard/TopicsPage'));
const LedgerPage = lazy(() => import('./features/ledger/LedgerPage'));
const OperationsPage = lazy(() => import('./features/ops/OperationsPage'));
const AnnualReportPage = lazy(() => import('./features/annual/AnnualReportPage'));
const AnnualListPage = lazy(() => import('./features/annual/AnnualListPage'));

/** Where each role starts. */
const HOME: Record<Role, string> = {
  office: '/overview',
  leader: '/overview',
  city: '/overview',
  county: '/overview',
  sysadmin: '/accounts',
  secadmin: '/security',
  auditor: '/security-audit',
  division: '/tasks',
};

function FullPageSpin() {
  return (
    <div style={{ display: 'flex', height: '100%', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description="加载中…">
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
  if (me.user.mustChangePassword) {
    return <ForcedPasswordChange displayName={me.user.displayName} username={me.user.username} rules={me.passwordRules} onDone={() => void me.refetch()} />;
  }
  return (
    <AppShell user={me.user} roleName={me.roleName}>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<Navigate to={HOME[me.user.role]} replace />} />
          <Route path="/overview" element={<OverviewPage />} />
          <Route path="/topics" element={<TopicsPage />} />
          <Route path="/org" element={<OrgUnitsPage />} />
          <Route path="/report" element={<ReportFormPage />} />
          <Route path="/annual" element={<AnnualReportPage />} />
          <Route path="/annual-reports" element={<AnnualListPage />} />
          <Route path="/reviews" element={<ReviewQueuePage />} />
          <Route path="/receipt/:reportId" element={<ReceiptPage />} />
          <Route path="/status" element={<StatusGridPage />} />
          <Route path="/audit" element={<AuditLogPage />} />
          <Route path="/security-audit" element={<SecurityAuditPage />} />
          <Route path="/periods" element={<PeriodsPage />} />
          <Route path="/scheme" element={<SchemePage />} />
          <Route path="/rankings" element={<RankingPage />} />
          <Route path="/tasks" element={<LedgerPage />} />
          <Route path="/units/:code" element={<UnitPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="/security" element={<SecurityPolicyPage />} />
          <Route path="/ops" element={<OperationsPage />} />
          <Route path="*" element={<Result status="404" title="页面不存在" extra={<Button href="/">返回首页</Button>} />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}
