import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import preact from '@preact/preset-vite';

/**
 * The service worker is a small hand-written file: this plugin gives it the list of files
 * the build produced (so the shell works offline from the first visit) and a version that
 * changes with them, and writes brotli and gzip copies of the text assets, which the server
 * sends as they are (no compression work per request on a small machine).
 */
function shellServiceWorker(): Plugin {
  return {
    name: 'ushirika-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => !name.endsWith('.map'));
      const version = createHash('sha256').update(files.sort().join('\n')).digest('hex').slice(0, 12);
      const precache = ['/', ...files.filter((name) => name !== 'index.html').map((name) => `/${name}`)];
      const template = readFileSync(new URL('./src/sw.js', import.meta.url), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template.replace('__PRECACHE__', JSON.stringify(precache)).replace('__VERSION__', version),
      });
      for (const [name, output] of Object.entries(bundle)) {
        if (!name.startsWith('assets/') || !/\.(js|css|svg)$/.test(name)) continue;
        const content = output.type === 'chunk' ? output.code : output.source;
        this.emitFile({ type: 'asset', fileName: `${name}.br`, source: brotliCompressSync(Buffer.from(content)) });
        this.emitFile({ type: 'asset', fileName: `${name}.gz`, source: gzipSync(Buffer.from(content), { level: 9 }) });
      }
    },
  };
}

export default defineConfig(({ command }) => {
  // A build is always a production build, even when started from jest (NODE_ENV=test), which
  // would otherwise ship Preact's debug tooling and leave the service worker unregistered.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config = {
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [preact(), shellServiceWorker()],
  build: {
    outDir: new URL('../dist/web', import.meta.url).pathname,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // The service-worker plugin's brotli pass is slow by design (once per build); no timing report.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
} satisfies UserConfig;
