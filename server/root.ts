import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { authRouter } from './routers/auth';
import { orgUnitsRouter } from './routers/org-units';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  orgUnits: orgUnitsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
