import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { type AppConfig, loadConfig } from './config/config.js';
import { resolveDatabaseTarget, type DatabaseTarget } from './database/database-target.js';
import { backupDatabase, restoreDatabase } from './database/backup.js';
import { resolveBackupPassphrase } from './database/backup-key.js';
import { exportCooperative, importCooperative } from './database/cooperative-export.js';
import { verifySealedFile } from './database/table-dump.js';
import { createOperator, demoLoginsBlock, seedDemo } from './admin/bootstrap.js';
import { readSecret } from './admin/read-secret.js';

/** Admin commands that need no HTTP: `npm run cli -- <command> [options]`. */
type Command = (target: DatabaseTarget, args: string[], config: AppConfig) => Promise<void>;

const say = (message: string): void => void process.stdout.write(`${message}\n`);

// TypeORM and the migrations load only for the commands that use them: ledger:verify starts without.
const migrateAndPrepare: typeof import('./database/migrate.js').migrateAndPrepare = async (...args) =>
  (await import('./database/migrate.js')).migrateAndPrepare(...args);
const revertLastMigration: typeof import('./database/migrate.js').revertLastMigration = async (...args) =>
  (await import('./database/migrate.js')).revertLastMigration(...args);

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
    help: 'backup --out FILE: every row of the database in one encrypted file (passphrase: USHIRIKA_BACKUP_PASSPHRASE, else typed, else the one in DATA_DIR)',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
      if (!values.out) throw new UsageError('backup needs --out FILE');
      const { passphrase, source } = await passphraseFor(config);
      const { tables, rows } = await backupDatabase(target.ownerUrl, values.out, passphrase);
      say(`Backup written to ${values.out}: ${rows} rows from ${tables} tables, encrypted with ${describe(source)}.`);
    },
  },
  restore: {
    help: 'restore --in FILE [--replace]: load a whole-database backup (the same passphrase) into this database',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { in: { type: 'string' }, replace: { type: 'boolean' } } });
      if (!values.in) throw new UsageError('restore needs --in FILE');
      const { passphrase } = await passphraseFor(config);
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      const { tables, rows } = await restoreDatabase(target.ownerUrl, values.in, passphrase, { replace: values.replace });
      say(`Restored ${rows} rows into ${tables} tables from ${values.in}.`);
    },
  },
  'backup:verify': {
    help: 'backup:verify --in FILE: check a backup or an export end to end (every chunk, the layout, the row counts) without loading it',
    run: async (_target, args, config) => {
      const { values } = parseArgs({ args, options: { in: { type: 'string' } } });
      if (!values.in) throw new UsageError('backup:verify needs --in FILE');
      const { passphrase } = await passphraseFor(config);
      const { header, tables, rows } = await verifySealedFile(values.in, passphrase);
      const what = header.format === 'ushirika-cooperative' ? `export of cooperative ${String(header.cooperativeId)} (${String(header.cooperativeName)})` : 'whole-database backup';
      say(`${values.in} is intact: ${what}, written ${header.createdAt} at schema version ${header.migrations.at(-1) ?? 'none'}, ${rows} rows in ${tables} tables.`);
    },
  },
  'cooperative:export': {
    help: 'cooperative:export --cooperative ID --out FILE: every row of one cooperative, and nothing of any other, in one encrypted file',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' }, out: { type: 'string' } } });
      if (!values.cooperative || !values.out) throw new UsageError('cooperative:export needs --cooperative ID and --out FILE');
      const { passphrase, source } = await passphraseFor(config);
      const { rows, tables, name } = await exportCooperative(target.ownerUrl, values.cooperative, values.out, passphrase);
      say(`Cooperative ${name} exported to ${values.out}: ${rows} rows from ${tables} tables, encrypted with ${describe(source)}.`);
    },
  },
  'cooperative:import': {
    help: 'cooperative:import --in FILE [--replace]: load one cooperative\'s export; --replace replaces that cooperative only',
    run: async (target, args, config) => {
      const { values } = parseArgs({ args, options: { in: { type: 'string' }, replace: { type: 'boolean' } } });
      if (!values.in) throw new UsageError('cooperative:import needs --in FILE');
      const { passphrase } = await passphraseFor(config);
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      const result = await importCooperative(target.ownerUrl, values.in, passphrase, { replace: values.replace });
      say(`Cooperative ${result.name} (${result.cooperativeId}) ${result.replaced ? 'replaced' : 'imported'}: ${result.rows} rows from ${values.in}.`);
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
  'secrets:forget': {
    help: 'forget the fingerprints of the shared secrets (JWT, card keys), before starting every instance with a new JWT secret on purpose',
    run: async (target) => {
      const { forgetSharedSecrets } = await import('./admin/shared-secrets.js');
      const forgotten = await forgetSharedSecrets(target.ownerUrl);
      say(forgotten.length ? `Forgotten: ${forgotten.join(', ')}. The next instance to start records its own secrets.` : 'No fingerprint was recorded.');
    },
  },
  'ledger:verify': {
    help: 'ledger:verify --cooperative ID: recompute the purchase ledger hash chain',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' } } });
      if (!values.cooperative) throw new UsageError('ledger:verify needs --cooperative ID');
      const { verifyLedgerFromCli } = await import('./purchases/ledger-verify.command.js');
      const result = await verifyLedgerFromCli(target.ownerUrl, values.cooperative);
      if (!result.ok) throw new Error(`Ledger broken at sequence ${result.firstBadSequence}: ${result.problem} (${result.count} entries intact before it).`);
      say(`Ledger OK: ${result.count} entries, head hash ${result.headHash}.`);
    },
  },
  'savings:verify-balances': {
    help: 'savings:verify-balances [--cooperative ID]: recompute the savings groups\' cached balances from their movements',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' } } });
      const { verifyBalancesFromCli } = await import('./savings/balances-verify.command.js');
      const result = await verifyBalancesFromCli(target.ownerUrl, values.cooperative);
      if (result.differences.length > 0) throw new Error([`${result.differences.length} cached savings balances differ from the movements:`, ...result.differences].join('\n'));
      say(`Savings balances OK: ${result.cycles} cycles in ${result.cooperatives} cooperatives match their movements.`);
    },
  },
  'reports:check-rollups': {
    help: 'reports:check-rollups [--cooperative ID]: recompute the report rollups from the rows and name every difference',
    run: async (target, args) => {
      const { values } = parseArgs({ args, options: { cooperative: { type: 'string' } } });
      const { checkRollupsFromCli } = await import('./reports/rollup-check.command.js');
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

/** USHIRIKA_BACKUP_PASSPHRASE, else typed on the terminal, else the one kept in DATA_DIR. */
function passphraseFor(config: AppConfig): ReturnType<typeof resolveBackupPassphrase> {
  const ask = process.stdin.isTTY ? () => readSecret('Backup passphrase: ') : undefined;
  return resolveBackupPassphrase(config.DATA_DIR, process.env, ask);
}

const describe = (source: string): string =>
  source === 'local' ? 'the passphrase kept in DATA_DIR/secrets.json (backupKey): keep a copy of it apart from the file' : `the passphrase from the ${source}`;

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
