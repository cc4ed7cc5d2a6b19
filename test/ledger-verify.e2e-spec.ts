import { spawn } from 'node:child_process';
import pg from 'pg';
import { sealEntry, GENESIS_PREVIOUS_HASH, type SealedEntry } from '../src/purchases/rules/hash-chain.js';
import { heterogenitePurchase } from '../src/purchases/rules/ledger-entry.fixture.js';
import { verifyChain, type ChainVerification } from '../src/purchases/rules/verify-chain.js';
import { PurchasesRepository } from '../src/purchases/purchases.repository.js';
import { verifyLedgerFromCli } from '../src/purchases/ledger-verify.command.js';
import { verifyLedgerOnClient } from '../src/purchases/verify/verify-copy.js';
import { VerifyPool } from '../src/purchases/verify/verify-pool.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { TEST_JWT_SECRET } from './support/test-app.js';

/**
 * The parallel verifier (COPY, batches on worker threads) against the row-by-row reference
 * (verifyChain over a cursor) on real ledgers in a migrated database, tampered with by SQL the
 * way an intruder with the owner's rights would, and the real `ledger:verify` command.
 */
const LENGTH = 5000; // several batches of the default size, many of the small ones
const coop = (n: number): string => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function chainFor(cooperativeId: string, length: number): SealedEntry[] {
  const chain: SealedEntry[] = [];
  let previous = GENESIS_PREVIOUS_HASH;
  for (let sequence = 1; sequence <= length; sequence += 1) {
    const sealed = sealEntry(
      previous,
      heterogenitePurchase({
        cooperativeId,
        sequence,
        id: `e0000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
        tagId: `T-${sequence}`,
        reason: sequence % 7 === 0 ? `Pesée n° ${sequence} "à revoir"\tparce que\\` : null,
        recordedAt: new Date(Date.UTC(2026, 2, 14, 9, 0, 0, sequence % 1000)),
      }),
    );
    chain.push(sealed);
    previous = sealed.hash;
  }
  return chain;
}

const rowOf = (e: SealedEntry) => ({
  cooperative_id: e.cooperativeId, id: e.id, sequence: e.sequence, kind: e.kind, reverses_id: e.reversesId, lot_number: e.lotNumber, tag_id: e.tagId,
  seller_id: e.sellerId, site_id: e.siteId, mineral: e.mineral, gross_mg: e.grossMg, net_mg: e.netMg, grade_bp: e.gradeBp, moisture_bp: e.moistureBp,
  unit_price_minor: e.unitPriceMinor, price_unit: e.priceUnit, price_basis: e.priceBasis, currency: e.currency, exchange_rate: e.exchangeRate,
  exchange_rate_base: e.exchangeRateBase, reporting_currency: e.reportingCurrency, amount_minor: e.amountMinor, amount_reporting_minor: e.amountReportingMinor,
  fees: e.fees, net_paid_minor: e.netPaidMinor, payment_method: e.paymentMethod, payment_reference: e.paymentReference,
  captured_at: e.capturedAt?.toISOString() ?? null, recorded_at: e.recordedAt.toISOString(), officer_id: e.officerId, reason: e.reason,
  previous_hash: e.previousHash, hash: e.hash,
});

/** Runs `sql` as the owner with triggers and foreign keys off (the ledger is append-only otherwise). */
async function asIntruder(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function seed(url: string, cooperativeId: string, length: number): Promise<SealedEntry[]> {
  const chain = chainFor(cooperativeId, length);
  for (let start = 0; start < chain.length; start += 1000) {
    await asIntruder(url, 'INSERT INTO purchase_ledger SELECT * FROM json_populate_recordset(NULL::purchase_ledger, $1::json)', [
      JSON.stringify(chain.slice(start, start + 1000).map(rowOf)),
    ]);
  }
  return chain;
}

/** The verifier this one replaces: a cursor read row by row into verifyChain. */
async function reference(url: string, cooperativeId: string): Promise<ChainVerification> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    return await verifyChain(PurchasesRepository.ledgerOnClient(client, cooperativeId));
  } finally {
    await client.query('COMMIT');
    await client.end();
  }
}

async function inBatchesOf(url: string, cooperativeId: string, batchBytes: number): Promise<ChainVerification> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`BEGIN READ ONLY`);
    await client.query(`SET LOCAL TimeZone = 'UTC'`);
    const result = await verifyLedgerOnClient(client, cooperativeId, { batchBytes });
    // The connection is fit for the next statement of the transaction.
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    return result;
  } finally {
    await client.query('COMMIT');
    await client.end();
  }
}

/** `node src/cli.ts ledger:verify` through tsx, as an operator runs it. */
function cli(url: string, cooperativeId: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ledger:verify', '--cooperative', cooperativeId], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: TEST_JWT_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => done({ code, output: output.trim() }));
  });
}

describe('ledger verification in parallel', () => {
  let url: string;
  let drop: () => Promise<void>;
  const chains = new Map<string, SealedEntry[]>();

  const cases: [name: string, cooperative: string, tamper: (chain: SealedEntry[]) => Promise<void>, expected: Partial<ChainVerification>][] = [
    ['an intact ledger', coop(1), async () => {}, { ok: true, count: LENGTH }],
    ['changed content', coop(2), async () => asIntruder(url, 'UPDATE purchase_ledger SET net_paid_minor = net_paid_minor + 100 WHERE cooperative_id = $1 AND sequence = 3210', [coop(2)]),
      { ok: false, firstBadSequence: 3210, problem: 'CONTENT_ALTERED', count: 3209 }],
    ['a removed entry', coop(3), async () => asIntruder(url, 'DELETE FROM purchase_ledger WHERE cooperative_id = $1 AND sequence = 1999', [coop(3)]),
      { ok: false, firstBadSequence: 1999, problem: 'SEQUENCE_GAP', expected: 1999, found: 2000, count: 1998 }],
    ['swapped entries', coop(4), async () => {
      for (const [from, to] of [[2500, 999_999], [2501, 2500], [999_999, 2501]]) {
        await asIntruder(url, 'UPDATE purchase_ledger SET sequence = $3 WHERE cooperative_id = $1 AND sequence = $2', [coop(4), from, to]);
      }
    },
      // Stored sequences swapped with their rows: read in sequence order, 2500 now carries the hash chain of 2501.
      { ok: false, firstBadSequence: 2500 }],
    ['a re-hashed entry', coop(5), async (chain) => {
      const { previousHash: _p, hash: _h, ...content } = chain[4099];
      const rehashed = sealEntry(chain[4099].previousHash, { ...content, amountMinor: 1 });
      await asIntruder(url, 'UPDATE purchase_ledger SET amount_minor = 1, hash = $2 WHERE cooperative_id = $1 AND sequence = 4100', [coop(5), rehashed.hash]);
    }, { ok: false, firstBadSequence: 4101, problem: 'PREVIOUS_HASH_MISMATCH', count: 4100 }],
    ['the last entry removed then a row appended past a gap', coop(6), async () => asIntruder(url, `UPDATE purchase_ledger SET sequence = 5002 WHERE cooperative_id = $1 AND sequence = ${LENGTH}`, [coop(6)]),
      { ok: false, firstBadSequence: LENGTH, problem: 'SEQUENCE_GAP', found: 5002, count: LENGTH - 1 }],
    ['an empty ledger', coop(7), async () => {}, { ok: true, count: 0, headHash: GENESIS_PREVIOUS_HASH }],
  ];

  beforeAll(async () => {
    ({ target: { ownerUrl: url }, drop } = await createTestDatabase());
    for (const [, cooperative, tamper] of cases) {
      const chain = cooperative === coop(7) ? [] : await seed(url, cooperative, LENGTH);
      chains.set(cooperative, chain);
      await tamper(chain);
    }
  }, 180_000);

  afterAll(async () => {
    await VerifyPool.closeShared();
    await drop();
  });

  it.each(cases)('gives the reference answer on %s, whatever the batch size', async (_name, cooperative, _tamper, expected) => {
    const answer = await reference(url, cooperative);
    expect(answer).toMatchObject(expected);
    if (answer.ok && answer.count > 0) expect(answer.headHash).toBe(chains.get(cooperative)?.at(-1)?.hash);
    expect(await verifyLedgerFromCli(url, cooperative)).toEqual(answer);
    for (const batchBytes of [600, 4096, 100_000]) expect({ batchBytes, answer: await inBatchesOf(url, cooperative, batchBytes) }).toEqual({ batchBytes, answer });
  }, 120_000);

  it('runs as `ledger:verify`, naming the head hash or the first bad sequence', async () => {
    const intact = await cli(url, coop(1));
    expect(intact).toEqual({ code: 0, output: `Ledger OK: ${LENGTH} entries, head hash ${chains.get(coop(1))?.at(-1)?.hash}.` });
    const changed = await cli(url, coop(2));
    expect(changed).toEqual({ code: 1, output: 'Ledger broken at sequence 3210: CONTENT_ALTERED (3209 entries intact before it).' });
    const removed = await cli(url, coop(3));
    expect(removed).toEqual({ code: 1, output: 'Ledger broken at sequence 1999: SEQUENCE_GAP (1998 entries intact before it).' });
  }, 120_000);

  it('keeps to the cooperative it is given and to the transaction it runs in', async () => {
    expect(await adminQuery(url, 'SELECT count(*)::int AS n FROM purchase_ledger WHERE cooperative_id = $1', [coop(7)])).toEqual([{ n: 0 }]);
    await expect(verifyLedgerFromCli(url, 'not-a-uuid')).rejects.toThrow(/uuid/);
  });
});
