import pg from 'pg';

/**
 * One transaction on a connection of its own as the schema owner, for the commands and
 * start-up steps that run outside the API's pool (bootstrap, the shared secrets' check,
 * backups, restores, imports): BEGIN (`begin`), the `setup` statements, `work`, then COMMIT,
 * or ROLLBACK if anything throws; the connection is closed either way.
 */
export async function ownerTransaction<T>(
  ownerUrl: string,
  options: { readonly applicationName: string; readonly begin?: string; readonly setup?: readonly (string | readonly [string, readonly unknown[]])[] },
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: options.applicationName });
  await client.connect();
  try {
    await client.query(options.begin ?? 'BEGIN');
    for (const statement of options.setup ?? []) {
      if (typeof statement === 'string') await client.query(statement);
      else await client.query(statement[0], [...statement[1]]);
    }
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
