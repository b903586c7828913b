import type { RouterOutputs } from '../../../server/root';

export type AuditEntry = RouterOutputs['audit']['list']['rows'][number];

/** Tag colours of the action categories. */
export const CATEGORY_COLORS: Record<string, string> = {
  report: 'blue',
  period: 'purple',
  scheme: 'geekblue',
  scores: 'magenta',
  auth: 'default',
  account: 'cyan',
  export: 'green',
  audit: 'red',
};
