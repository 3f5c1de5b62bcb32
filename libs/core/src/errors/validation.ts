import { ValidationError } from 'class-validator';
import { ErrorCode, DomainError } from './domain-error';

/** Flattens class-validator's tree into `path: message` lines. */
export function validationMessages(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({ field, message: m }));
    return [...own, ...validationMessages(e.children ?? [], field)];
  });
}

/** What the global ValidationPipe throws: BAD_USER_INPUT naming every field at fault. */
export class InputValidationError extends DomainError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(ErrorCode.BAD_USER_INPUT, problems.map(describeProblem).join('; '), problems[0]?.field);
  }
}

export function validationExceptionFactory(errors: ValidationError[]): InputValidationError {
  return new InputValidationError(validationMessages(errors));
}

/** "amountFen must be positive" under `input` reads "input.amountFen must be positive". */
function describeProblem({ field, message }: { field: string; message: string }): string {
  const dot = field.lastIndexOf('.');
  const property = field.slice(dot + 1);
  if (message.startsWith(`${property} `)) return `${field.slice(0, dot + 1)}${message}`;
  return `${field}: ${message}`;
}
