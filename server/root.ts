import type { inferRouterOutputs } from '@trpc/server';
import { authRouter } from './routers/auth';
import { accountsRouter } from './routers/accounts';
import { securityRouter } from './routers/security';
import { orgUnitsRouter } from './routers/org-units';
import { reportsRouter } from './routers/reports';
import { reviewsRouter } from './routers/reviews';
import { periodsRouter } from './routers/periods';
import { noticesRouter } from './routers/notices';
import { auditRouter } from './routers/audit';
import { schemeRouter } from './routers/scheme';
import { scoresRouter } from './routers/scores';
import { dashboardRouter } from './routers/dashboard';
import { divisionsRouter } from './routers/divisions';
import { ledgerRouter } from './routers/ledger';
import { budgetsRouter } from './routers/budgets';
import { departmentRouter } from './routers/department';
import { publicResultsRouter } from './routers/public-results';
import { opsRouter } from './routers/ops';
import { annualReportsRouter } from './routers/annual-reports';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  security: securityRouter,
  orgUnits: orgUnitsRouter,
  periods: periodsRouter,
  reports: reportsRouter,
  reviews: reviewsRouter,
  notices: noticesRouter,
  audit: auditRouter,
  scheme: schemeRouter,
  scores: scoresRouter,
  dashboard: dashboardRouter,
  divisions: divisionsRouter,
  ledger: ledgerRouter,
  budgets: budgetsRouter,
  department: departmentRouter,
  publicResults: publicResultsRouter,
  ops: opsRouter,
  annualReports: annualReportsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
