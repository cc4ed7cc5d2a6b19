// What the HTTP benchmarks share (bench/purchases.mjs, bench/scale.mjs): a keep-alive JSON
// client for servers on 127.0.0.1, a closed-loop load generator with its latency figures, and
// cooperatives seeded through the API with an officer, an admin, a fee rule, a site and sellers.

import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { query, round } from './support.mjs';

export const BENCH_PASSWORD = 'bench-password-0123';

/**
 * A JSON client for servers on 127.0.0.1. `port` is where `http()` sends (settable, for a
 * server started later); `httpTo(port, …)` sends to another one on the same sockets pool.
 */
export function jsonClient({ port, maxSockets }) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const client = {
    port,
    httpTo(to, method, path, { token, body } = {}) {
      return new Promise((done, fail) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const headers = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
        const req = request({ host: '127.0.0.1', port: to, path, method, agent, headers }, (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = text;
            }
            done({ status: res.statusCode ?? 0, body: json });
          });
        });
        req.on('error', fail);
        if (payload) req.write(payload);
        req.end();
      });
    },
    http(method, path, options) {
      return client.httpTo(client.port, method, path, options);
    },
    async login(loginName, password = BENCH_PASSWORD) {
      return (await expectStatus(client.http('POST', '/api/v1/auth/login', { body: { login: loginName, password } }), 200, `login ${loginName}`)).accessToken;
    },
    destroy: () => agent.destroy(),
  };
  return client;
}

export async function expectStatus(promise, status, what) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Runs `total` calls of `call(clientIndex, n)` from `clients` concurrent loops; latencies in ms. */
export async function load(total, clients, call) {
  let next = 0;
  const latencies = [];
  const failures = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = next++; n < total; n = next++) {
        const at = performance.now();
        const response = await call(client, n);
        latencies.push(performance.now() - at);
        if (!response.ok) failures.push(response.why);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))], 1);
  return { total, seconds: round(seconds, 2), perSecond: round(total / seconds, 1), p50Ms: pick(0.5), p95Ms: pick(0.95), p99Ms: pick(0.99), failures: failures.length, firstFailure: failures[0] };
}

export function cooperativeBody(index) {
  return {
    name: `Banc ${index}`, legalForm: 'COOP_CA', registrationNumber: `RCCM-BENCH-${index}-${randomBytes(3).toString('hex')}`, approvalNumber: 'AGR-1',
    country: 'CD', province: 'Lualaba', territory: 'Mutshatsha', minerals: ['HETEROGENITE'], defaultCurrency: 'USD',
    timezone: 'Africa/Lubumbashi', language: 'fr',
  };
}

export function purchaseBody(cooperative, client, n) {
  return {
    sellerId: cooperative.sellers[n % cooperative.sellers.length], siteId: cooperative.siteId, mineral: 'HETEROGENITE',
    grossMass: { value: '12.8', unit: 'kg' }, netMass: { value: '12.5', unit: 'kg' }, gradePercent: '14.2', moisturePercent: '8',
    unitPriceMinor: 950, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: `B-${client}-${n}`,
  };
}

/**
 * `count` cooperatives, each with an officer, an admin's fee rule, a site and five sellers
 * holding valid cards, created through `client` (the operator must exist: createOperator).
 */
export async function seedCooperatives(client, ownerUrl, count, operatorLogin = 'operator@bench.ushirika.org') {
  const { http } = client;
  const operator = await client.login(operatorLogin);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lubumbashi' }).format(new Date());
  const cardIssuedOn = new Date(Date.parse(today) - 30 * 86_400_000).toISOString().slice(0, 10);
  const cooperatives = [];
  for (let index = 0; index < count; index += 1) {
    const { id } = await expectStatus(http('POST', '/api/v1/cooperatives', { token: operator, body: cooperativeBody(index) }), 201, 'cooperative');
    const base = `/api/v1/cooperatives/${id}`;
    for (const role of ['officer', 'admin']) {
      await expectStatus(http('POST', `${base}/users`, { token: operator, body: { login: `${role}.${index}@bench.ushirika.org`, password: BENCH_PASSWORD, name: `${role} ${index}`, role } }), 201, 'user');
    }
    const officer = await client.login(`officer.${index}@bench.ushirika.org`);
    const admin = await client.login(`admin.${index}@bench.ushirika.org`);
    await expectStatus(http('POST', `${base}/fee-rules`, { token: admin, body: { ruleCode: 'COMMUNITY', fundCode: 'COMMUNITY', kind: 'percent', rateBp: 100, validFrom: '2020-01-01' } }), 201, 'fee rule');
    const siteId = randomUUID();
    await query(ownerUrl, `INSERT INTO sites (cooperative_id, id, name, code, latitude_e6, longitude_e6, created_by) VALUES ($1, $2, 'Site', 'S1', -10712345, 25468000, gen_random_uuid())`, [id, siteId]);
    const sellers = [];
    for (let s = 0; s < 5; s += 1) {
      const miner = await expectStatus(
        http('POST', `${base}/miners`, {
          token: officer,
          body: { firstName: `Mineur${s}`, lastName: `Banc${index}`, sex: 'M', dateOfBirth: '1985-06-07', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: `BENCH-${index}-${s}`, cardNumber: `CEA-B-${index}-${s}`, cardIssuedOn },
        }),
        201,
        'miner',
      );
      await expectStatus(http('POST', `${base}/miners/${miner.id}/status`, { token: officer, body: { to: 'active', reason: 'Admission' } }), 200, 'activate');
      sellers.push(miner.id);
    }
    cooperatives.push({ id, officer, admin, siteId, sellers });
  }
  return { operator, cooperatives };
}
