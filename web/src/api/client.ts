import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiError, NetworkError, problemOf } from './problem';
import { language } from '../i18n/i18n';
import { session, signOut, tokensFrom, updateSession } from '../session';

/**
 * A shape the API declares, by its OpenAPI schema name (`Schema<'MinerSummaryView'>`): the one
 * source of the console's response types, generated from the server's `*View` classes.
 */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

let refreshing: Promise<string | null> | null = null;

/** Rotates the refresh token once for all callers at the same moment; null when the session is over. */
async function refreshedAccessToken(): Promise<string | null> {
  const tokens = session.get().tokens;
  if (!tokens) return null;
  refreshing ??= (async (): Promise<string | null> => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (response.status === 401) {
        signOut();
        return null;
      }
      if (!response.ok) return tokens.accessToken;
      const next = tokensFrom((await response.json()) as Schema<'TokenPairView'>);
      updateSession({ tokens: next });
      return next.accessToken;
    } catch {
      // Offline: keep the old token; the request that needs it will fail as offline.
      return tokens.accessToken;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A valid access token, refreshed shortly before it expires. */
export async function accessToken(): Promise<string | null> {
  const tokens = session.get().tokens;
  if (!tokens) return null;
  return Date.now() < tokens.refreshAfter ? tokens.accessToken : refreshedAccessToken();
}

/** Headers every call carries: the session's token and the console's language. */
export async function authHeaders(): Promise<Record<string, string>> {
  const token = await accessToken();
  return { 'accept-language': language.get(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

const authenticate: Middleware = {
  async onRequest({ request }) {
    for (const [name, value] of Object.entries(await authHeaders())) if (!request.headers.has(name)) request.headers.set(name, value);
    return request;
  },
};

/** The typed client: paths, parameters and bodies come from the OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authenticate);

/**
 * The data of a call, typed by the operation's declared success response, or an ApiError
 * carrying the problem (a NetworkError when offline).
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new NetworkError();
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(problemOf(result.error, result.response));
}

/** Downloads a file the API serves behind authentication (a PDF) and hands it to the browser. */
export async function download(path: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: await authHeaders() });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) throw new ApiError(problemOf(await response.json().catch(() => null), response));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** An image the API serves behind authentication, as an object URL for an <img> (revoke it when done). */
export async function imageUrl(path: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { headers: await authHeaders() });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) throw new ApiError(problemOf(await response.json().catch(() => null), response));
  return URL.createObjectURL(await response.blob());
}
