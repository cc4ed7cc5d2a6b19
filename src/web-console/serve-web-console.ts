import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` puts the console (dist/web), found from src/ (tests) and dist/src/ (server). */
const twoUp = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_CONSOLE_DIR = twoUp.endsWith('/dist/') ? `${twoUp}web/` : `${twoUp}dist/web/`;

/** Paths that belong to the server: an unknown one there is the API's 404, not the console. */
const SERVER_PATHS = /^\/(api|docs|health)(\/|$)/;
const NO_CACHE = 'no-cache';

/**
 * The console's Content-Security-Policy: scripts, styles, workers and API calls from this
 * origin only, no inline script or style, no plugin, no framing, no base or form elsewhere.
 * The Vite build loads one module script and one stylesheet by URL, so it runs under it.
 * Photos and QR frames shown from memory are blob: or data: images.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every console file: the console holds tokens and personal data. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
};

/**
 * Serves the browser console under `/`: hashed bundles from /assets/ cached for a year
 * (their names change with their content), the shell files (index.html, the service worker,
 * the manifest) revalidated on every load so a new version reaches the phones, and
 * index.html for any other path so that the console's own routes survive a reload.
 * Without a built console (tests of the API alone) nothing is registered.
 */
export async function serveWebConsole(app: NestFastifyApplication, root = WEB_CONSOLE_DIR): Promise<boolean> {
  if (!existsSync(`${root}index.html`)) return false;
  await app.register(fastifyStatic, {
    root: `${root}assets`,
    prefix: '/assets/',
    preCompressed: true,
    immutable: true,
    maxAge: '365d',
    index: false,
    setHeaders: (response) => {
      void response.headers(CONSOLE_SECURITY_HEADERS);
    },
  });
  const shellFiles = new Set(readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name));
  app.getHttpAdapter().getInstance().get('/*', (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    const file = path.slice(1);
    void reply.header('cache-control', NO_CACHE).headers(CONSOLE_SECURITY_HEADERS);
    return reply.sendFile(shellFiles.has(file) ? file : 'index.html', root, { cacheControl: false });
  });
  return true;
}
