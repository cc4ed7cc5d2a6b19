import type { Schema } from './client';

type ProblemBody = Schema<'Problem'>;

/**
 * The API's error body (application/problem+json), already in the caller's language; when an
 * answer carries none (a proxy's 502, say), the console makes one of the status alone.
 */
export type Problem = Pick<ProblemBody, 'title' | 'status'> & Partial<ProblemBody>;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

/** No answer at all: the phone is offline or the server unreachable. */
export class NetworkError extends Error {
  constructor() {
    super('network');
    this.name = 'NetworkError';
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** Every line a person should read about a failure: the detail and each field's message. */
export function problemLines(problem: Problem): string[] {
  // Each message already names its field (the catalogue writes "{field} doit…"): no "field: " prefix repeating it.
  const fields = (problem.errors ?? []).map((error) => error.message ?? `${error.field}: ${error.code}`);
  return [problem.detail ?? problem.title, ...fields];
}

export function problemOf(body: unknown, response: Response): Problem {
  return isProblem(body) ? body : { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}
