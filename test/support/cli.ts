import { runCli } from '../../src/cli.js';

/** Runs the CLI in this process against a database, with the backup passphrase in the environment; returns the exit code. */
export async function cliWithPassphrase(url: string, args: string[], passphrase: string): Promise<number> {
  const previous = { url: process.env.DATABASE_URL, key: process.env.USHIRIKA_BACKUP_PASSPHRASE };
  process.env.DATABASE_URL = url;
  process.env.USHIRIKA_BACKUP_PASSPHRASE = passphrase;
  try {
    return await runCli(args);
  } finally {
    for (const [name, value] of [['DATABASE_URL', previous.url], ['USHIRIKA_BACKUP_PASSPHRASE', previous.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
