/**
 * A rule of the trade was broken. The code is stable and machine-readable; the exception
 * filter maps it to an HTTP status and a translated message (templates/i18n). Plain class,
 * no framework import, so that pure rules can throw it.
 */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message?: string;
  /** Values the catalogue message names, e.g. `{ max: 100 }`; not sent as such. */
  readonly params?: Readonly<Record<string, unknown>>;
}

export type DomainErrorKind =
  | 'invalid' // 422: the request is well-formed but breaks a rule
  | 'not_found' // 404
  | 'conflict' // 409: clashes with what is recorded
  | 'forbidden' // 403
  | 'unauthenticated' // 401
  | 'bad_request' // 400
  | 'too_many_requests'; // 429

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Readonly<Record<string, unknown>> = {},
    readonly kind: DomainErrorKind = 'invalid',
    readonly errors: readonly FieldError[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}
