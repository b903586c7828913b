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
}

/** Input that parsed but breaks a domain rule; carries every problem with its field. */
export class Invalid extends DomainError {
  readonly problems: FieldProblemLike[];
  constructor(message: string, problems: FieldProblemLike[] = []) {
    super(message);
    this.problems = problems;
  }
}
