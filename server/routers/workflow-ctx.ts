import type { Context } from '../context';
import type { SessionUser } from '../auth/sessions';
import { actorOf } from '../services/audit';
import type { WorkflowCtx } from '../services/reporting';

export function workflowCtx(ctx: Context & { user: SessionUser }): WorkflowCtx {
  return { db: ctx.db, units: ctx.units, user: ctx.user, actor: actorOf(ctx), now: ctx.now() };
}
