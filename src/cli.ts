import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { type AppConfig, loadConfig } from './config/config.js';
import { resolveDatabaseTarget, type DatabaseTarget } from './database/database-target.js';
import { migrateAndPrepare, revertLastMigration } from './database/migrate.js';
import { backupDatabase, restoreDatabase } from './database/backup.js';
import { resolveBackupKey } from './database/backup-key.js';
import { createOperator, demoLoginsBlock, seedDemo } from './admin/bootstrap.js';
import { readSecret } from './admin/read-secret.js';
import { verifyLedgerFromCli } from './purchases/ledger-verify.command.js';
import { checkRollupsFromCli } from './reports/rollup-check.command.js';

/** Admin commands that need no HTTP: `npm run cli -- <command> [options]`. */
type Command = (target: DatabaseTarget, args: string[], config: AppConfig) => Promise<void>;

const say = (message: string): void => void process.stdout.write(`${message}\n`);

const commands: Readonly<Record<string, { help: string; run: Command }>> = {
  migrate: {
    help: 'apply pending migrations',
    run: async (target) => {
      const { applied } = await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      say(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.');
    },
  },
  'migrate:revert': {
    help: 'revert the last applied migration',
    run: async (target) => {
      const reverted = await revertLastMigration(target.ownerUrl);
      say(reverted ? `Reverted: ${reverted}` : 'No migration to revert.');
    },
  },
  backup: {
    help: 'backup --out FILE: write every row to one self-contained file, authenticated with USHIRIKA_BACKUP_KEY (else the key in DATA_DIR)',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
      if (!values.out) throw new UsageError('backup needs --out FILE');
      const { tables, rows } = await backupDatabase(target.ownerUrl, values.out, resolveBackupKey(config.DATA_DIR));
      say(`Backup written to ${values.out}: ${rows} rows from ${tables} tables.`);
    },
  },
  restore: {
    help: 'restore --in FILE [--replace]: load a backup made with the same backup key into this database',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { in: { type: 'string' }, replace: { type: 'boolean' } } });
      if (!values.in) throw new UsageError('restore needs --in FILE');
      const key = resolveBackupKey(config.DATA_DIR);
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      const { tables, rows } = await restoreDatabase(target.ownerUrl, values.in, key, { replace: values.replace });
      say(`Restored ${rows} rows into ${tables} tables from ${values.in}.`);
    },
  },
  'operator:create': {
    help: 'operator:create --login LOGIN [--name NAME]: password from stdin or USHIRIKA_OPERATOR_PASSWORD',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { login: { type: 'string' }, name: { type: 'string' } } });
      if (!values.login) throw new UsageError('operator:create needs --login');
      const password = process.env.USHIRIKA_OPERATOR_PASSWORD ?? (await readSecret('Password: '));
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      const { id, created } = await createOperator(target.ownerUrl, values.login, password, values.name ?? 'Operator');
      say(created ? `Operator ${values.login} created (${id}).` : `${values.login} already existed: it is now an operator (${id}).`);
    },
  },
  'ledger:verify': {
    help: 'ledger:verify --cooperative ID: recompute the purchase ledger hash chain',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' } } });
      if (!values.cooperative) throw new UsageError('ledger:verify needs --cooperative ID');
      const result = await verifyLedgerFromCli(target.ownerUrl, values.cooperative);
      if (!result.ok) throw new Error(`Ledger broken at sequence ${result.firstBadSequence}: ${result.problem} (${result.count} entries intact before it).`);
      say(`Ledger OK: ${result.count} entries, head hash ${result.headHash}.`);
    },
  },
  'reports:check-rollups': {
    help: 'reports:check-rollups [--cooperative ID]: recompute the report rollups from the rows and name every difference',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' } } });
      const result = await checkRollupsFromCli(target.ownerUrl, values.cooperative);
      if (result.differences.length > 0) throw new Error([`Report rollups differ from the rows (${result.differences.length}):`, ...result.differences].join('\n'));
      say(`Report rollups OK: ${result.cooperatives} cooperative(s) match their rows.`);
    },
  },
  'seed:demo': {
    help: 'create a demo cooperative with one user per role and a Lualaba supervisor; prints their generated passwords once',
    run: async (target) => {
      if (loadConfig().NODE_ENV === 'production') throw new UsageError('seed:demo is refused with NODE_ENV=production');
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      process.stdout.write(demoLoginsBlock(await seedDemo(target.ownerUrl)));
    },
  },
};

export class UsageError extends Error {}

function usage(): string {
  return ['Usage: npm run cli -- <command> [options]', ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(18)} ${c.help}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return name ? 2 : 0;
  }
  const config = loadConfig();
  const target = await resolveDatabaseTarget(config, () => undefined);
  try {
    await command.run(target, args, config);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await target.embedded?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
