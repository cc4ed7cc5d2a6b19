import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSecrets } from './local-secrets.js';

describe('loadOrCreateLocalSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ushirika-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the secrets once into secrets.json (0600) and reads the same ones afterwards, leaving no draft behind', () => {
    const first = loadOrCreateLocalSecrets(dir);
    expect(first.jwtSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([first.jwtSecret, first.appPassword, first.postgresPassword]).size).toBe(3);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateLocalSecrets(dir)).toEqual(first);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('keeps the file another process wrote first', () => {
    const theirs = { postgresPassword: 'p', appPassword: 'a', jwtSecret: 'j' };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(theirs), { mode: 0o600 });
    expect(loadOrCreateLocalSecrets(dir)).toEqual(theirs);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });
});
