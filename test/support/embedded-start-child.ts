// Run by test/embedded-root.e2e-spec.ts in a child process, possibly as another OS user:
// the embedded start and migrations `npm start` does, twice, reporting what it saw as JSON.
import 'reflect-metadata';
import { loadConfig } from '../../src/config/config.js';
import { resolveDatabaseTarget } from '../../src/database/database-target.js';
import { migrateAndPrepare } from '../../src/database/migrate.js';
import { adminQuery } from './test-database.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const report: Record<string, unknown> = { uid: process.getuid?.() };
const first = await resolveDatabaseTarget(config, () => undefined);
try {
  report.firstApplied = (await migrateAndPrepare(first.ownerUrl, first.appUser, first.appPassword)).applied.length;
  await adminQuery(first.ownerUrl, `CREATE TABLE child_marker (note text); INSERT INTO child_marker VALUES ('kept')`);
} finally {
  await first.embedded?.stop();
}
const second = await resolveDatabaseTarget(config, () => undefined);
try {
  report.secondApplied = (await migrateAndPrepare(second.ownerUrl, second.appUser, second.appPassword)).applied.length;
  report.marker = await adminQuery(second.ownerUrl, 'SELECT note FROM child_marker');
} finally {
  await second.embedded?.stop();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
