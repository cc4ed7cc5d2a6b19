import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocumentWithoutDatabase } from './openapi-document.js';

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'src', 'api');
const STALE = 'the web console\'s API types are stale: run `npm run web:api` and commit web/src/api/';

describe('the web console\'s generated API client types', () => {
  let committedJson: string;

  beforeAll(() => {
    committedJson = readFileSync(join(apiDir, 'openapi.json'), 'utf8');
  });

  it('were generated from the OpenAPI document the code produces today', async () => {
    const current = `${JSON.stringify(await openApiDocumentWithoutDatabase(), null, 2)}\n`;
    if (current !== committedJson) throw new Error(STALE);
    expect(current).toBe(committedJson);
  });

  it('come from the committed openapi.json (its hash is in the types header)', () => {
    const sha256 = createHash('sha256').update(committedJson).digest('hex');
    const header = readFileSync(join(apiDir, 'schema.d.ts'), 'utf8').split('\n', 1)[0];
    expect(header).toContain(`sha256 ${sha256}`);
  });

  it('declare the cooperative of every tenant route as a path parameter', () => {
    const document = JSON.parse(committedJson) as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    const gate = document.paths['/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/gate'].post;
    expect(gate.parameters?.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(['cooperativeId', 'siteId']);
  });
});
