import pg from 'pg';
import { readFileSync } from 'node:fs';
import copyStreams from 'pg-copy-streams';
const { ledgerCopySql } = await import('../dist/src/purchases/verify/copy-rows.js');
const db = process.argv[2], coop = process.argv[3];
const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
await client.connect();
await client.query("SET TimeZone='UTC'");
const pid = (await client.query('select pg_backend_pid() p')).rows[0].p;
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
for (const [name, sql] of [['text', ledgerCopySql(coop)], ['binary', ledgerCopySql(coop).replace('TO STDOUT', 'TO STDOUT (FORMAT binary)')], ['text', ledgerCopySql(coop)]]) {
  const c0 = cpu(), u0 = process.cpuUsage(), t0 = performance.now();
  let bytes = 0;
  for await (const c of client.query(copyStreams.to(sql))) bytes += c.length;
  const u = process.cpuUsage(u0);
  console.log(name, 'wall', Math.round(performance.now() - t0), 'ms, pg cpu', cpu() - c0, 'ms, client cpu', Math.round((u.user + u.system) / 1000), 'ms, MB', Math.round(bytes / 1e6));
}
await client.end();
