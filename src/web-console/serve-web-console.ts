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
  });
  const shellFiles = new Set(readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name));
  app.getHttpAdapter().getInstance().get('/*', (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    const file = path.slice(1);
    void reply.header('cache-control', NO_CACHE);
    return reply.sendFile(shellFiles.has(file) ? file : 'index.html', root, { cacheControl: false });
  });
  return true;
}
