// Lints the API's OpenAPI document with Redocly CLI's recommended rules. Run through
// `npm run openapi:lint` (which compiles the server first): the document is built the way
// web/scripts/generate-api.mjs builds it, from the compiled modules without a database, and
// written to a temporary file (pass a path to keep it). Redocly runs offline on a local file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocumentWithoutDatabase } from '../dist/src/web-console/openapi-document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv[2];
const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'ushirika-openapi-'));
const file = keep ?? join(dir, 'openapi.json');
writeFileSync(file, `${JSON.stringify(await openApiDocumentWithoutDatabase(), null, 2)}\n`);
const redocly = join(root, 'node_modules', '.bin', 'redocly');
const result = spawnSync(redocly, ['lint', '--extends', 'recommended', '--format', 'summary', '--max-problems', '10000', file], {
  stdio: 'inherit',
  // No telemetry, no update check: CI has no business calling out.
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
if (dir) rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
