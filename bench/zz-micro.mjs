import pg from 'pg';
import copyStreams from 'pg-copy-streams';
const { ledgerCopySql, CopyTextBatch, canonicalFromCopy } = await import('/work/wt/h5/dist/src/purchases/verify/copy-rows.js');
const { checkBatch } = await import('/work/wt/h5/dist/src/purchases/rules/verify-chain-batch.js');
const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/ushirika_bench_verify_3599a4d2' });
await client.connect();
await client.query("SET TimeZone='UTC'");
const chunks = [];
for await (const c of client.query(copyStreams.to(ledgerCopySql('b0000000-0000-4000-8000-000000020000')))) chunks.push(c);
await client.end();
const buf = Buffer.concat(chunks);
console.log('bytes', buf.length);
for (let r = 0; r < 5; r++) {
  let t = (process.cpuUsage().user/1000);
  const text = buf.toString('utf8');
  const t1 = (process.cpuUsage().user/1000);
  const batch = new CopyTextBatch(text);
  const t2 = (process.cpuUsage().user/1000);
  for (let i = 0; i < batch.length; i++) { batch.load(i); }
  const t3 = (process.cpuUsage().user/1000);
  let n = 0; for (let i = 0; i < batch.length; i++) { batch.load(i); n += canonicalFromCopy(batch.fields).length; }
  const t4 = (process.cpuUsage().user/1000);
  const s = checkBatch(batch, 0);
  const t5 = (process.cpuUsage().user/1000);
  const us = (a, b) => ((b - a) * 1000 / batch.length).toFixed(2);
  console.log(`decode ${us(t, t1)} split ${us(t1, t2)} load ${us(t2, t3)} canon+load ${us(t3, t4)} full ${us(t4, t5)} µs/row`, s.finding);
}
