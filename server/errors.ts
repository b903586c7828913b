import type { ReportProblem } from '../shared/validation';

/** Domain errors thrown by services; mapped to tRPC codes in one place (server/trpc.ts). */
export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
export class NotFound extends DomainError {}
export class Forbidden extends DomainError {}
export class Unauthorized extends DomainError {}
export class Conflict extends DomainError {}
export class TooManyRequests extends DomainError {}

export interface FieldProblemLike {
  path: string;
  message: string;
  /** Problems of report values also name the indicator and field (and, from a workbook, the sheet and cell). */
  indicator?: string;
  field?: string;
  sheet?: string;
  cell?: string;
}

/** Input that parsed but breaks a domain rule; carries every problem with its field. */
export class Invalid extends DomainError {
  readonly problems: FieldProblemLike[];
  constructor(message: string, problems: FieldProblemLike[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** A report's values refused: every problem with its indicator and field (and sheet and cell from a workbook). */
export class ReportInvalid extends Invalid {
  readonly reportProblems: ReportProblem[];
  constructor(message: string, problems: ReportProblem[]) {
    super(
      message,
      problems.map((p) => ({ path: `values.${p.indicator}.${p.field}`, ...p })),
    );
    this.reportProblems = problems;
  }
}

/** tRPC error codes the domain errors map to (the HTTP status follows from the code). */
export type DomainErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT' | 'BAD_REQUEST' | 'TOO_MANY_REQUESTS';

const CODES: [new (...args: never[]) => DomainError, DomainErrorCode, number][] = [
  [NotFound, 'NOT_FOUND', 404],
  [Forbidden, 'FORBIDDEN', 403],
  [Unauthorized, 'UNAUTHORIZED', 401],
  [Conflict, 'CONFLICT', 409],
  [Invalid, 'BAD_REQUEST', 400],
  [TooManyRequests, 'TOO_MANY_REQUESTS', 429],
];

/** The one mapping of domain errors to codes and HTTP statuses, for tRPC (server/trpc.ts) and the HTTP routes (server/routes/kit.ts). */
export function codeOf(err: DomainError): { code: DomainErrorCode; httpStatus: number } {
  const entry = CODES.find(([cls]) => err instanceof cls);
  return entry ? { code: entry[1], httpStatus: entry[2] } : { code: 'CONFLICT', httpStatus: 409 };
}
