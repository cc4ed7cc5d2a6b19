import { DomainError, type DomainErrorKind, type FieldError } from './domain-error.js';
import type { Catalogue } from './i18n/catalogue.js';
import type { Locale } from './i18n/locale.js';

/** RFC 9457 problem details, with our stable machine code and per-field errors. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  too_many_requests: 429,
};

const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export function problemType(code: string): string {
  return `urn:ushirika:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** What the filter knows about an error that is not a DomainError. */
export interface HttpFailure {
  readonly status: number;
  readonly code?: string;
}

/** Translates one error into the body every client receives, in the caller's language. */
export function renderProblem(
  error: DomainError | HttpFailure,
  catalogue: Catalogue,
  locale: Locale,
  requestId?: string,
): ProblemDetails {
  const status = error instanceof DomainError ? STATUS_OF_KIND[error.kind] : error.status;
  const code = error instanceof DomainError ? error.code : (error.code ?? CODE_OF_STATUS[status] ?? `HTTP_${status}`);
  const params = error instanceof DomainError ? error.params : {};
  const errors =
    error instanceof DomainError && error.errors.length > 0
      ? error.errors.map((fieldError) => {
          // A constraint's sentence names the field; a rule's own code (a refused attendance
          // line, say) has its sentence among the errors.
          const key = [`validation.${fieldError.code}`, `error.${fieldError.code}`].find((name) => catalogue.has(locale, name));
          const params = { ...fieldError.params, field: fieldError.field };
          const message = key
            ? catalogue.translate(locale, key, params)
            : (fieldError.message ?? catalogue.translate(locale, 'validation.invalid', params));
          return { field: fieldError.field, code: fieldError.code, message };
        })
      : undefined;
  const detailKey = catalogue.has(locale, `error.${code}`) ? `error.${code}` : `status.${status}`;
  return {
    type: problemType(code),
    title: catalogue.translate(locale, `status.${status}`),
    status,
    code,
    detail: catalogue.translate(locale, detailKey, params),
    ...(errors ? { errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
