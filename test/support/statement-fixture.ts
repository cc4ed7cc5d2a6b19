import type { Test } from 'supertest';
import { binaryBody as collectBinary } from './pdf-text.js';

/** Collects a binary response body (a PDF) into one Buffer. */
export function binaryBody(request: Test): Test {
  return request.buffer(true).parse(collectBinary);
}

/** Text with every kind of space (no-break, narrow no-break) made plain, so formatted numbers compare. */
export function plainSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

export const cooperativeUrl = (cooperativeId: string, path: string): string => `/api/v1/cooperatives/${cooperativeId}/${path}`;

export const SITE_ID = '0b8f6a4e-7a2d-4f43-9a53-2f1d3c4b5a69';
