import { cardTokenDigest, signCardToken } from '../miners/card-token.js';
import { gateSnapshotOf, type SnapshotSources } from './gate-snapshot-payload.js';

const NOW = new Date('2026-06-15T08:00:00Z');
const MEMBER = {
  id: 'm1', member_number: 'KAT-1', first_name: 'A', middle_name: null, last_name: 'B', status: 'active' as const,
  date_of_birth: '1990-01-01', birth_year: null, birth_date_estimated: false,
};
const SOURCES: SnapshotSources = {
  cooperativeId: 'c1',
  timezone: 'UTC',
  site: { id: 's1', name: 'Kalimbi', code: 'KAL', status: 'open', closedReason: null, closedOn: null, reopensOn: null, closingTime: null },
  zones: [],
  members: [MEMBER, { ...MEMBER, id: 'm2', member_number: 'KAT-2' }],
  cards: [
    { minerId: 'm1', cardNumber: 'C-0', issuedOn: '2025-01-01', expiresOn: '2025-12-31' },
    { minerId: 'm1', cardNumber: 'C-1', issuedOn: '2026-01-01', expiresOn: '2026-12-31' },
  ],
  trainings: [{ minerId: 'm2', topic: 'first_aid', date: '2026-02-01', validityMonths: 12 }],
  prints: [{ minerId: 'm2', printedAt: new Date('2026-06-10T12:00:00Z') }],
  credentials: [{ minerId: 'm1', serial: 2, currentTokenId: 't2', currentKeyId: 'k1', currentTokenDigest: 'abc' }],
  legacyKey: Buffer.from('legacy-key'),
  inside: [{ miner_id: 'm1', zone_id: 'z1', entered_at: new Date('2026-06-15T07:00:00Z') }],
};

describe('gate snapshot payload', () => {
  it('is valid 24 hours and carries the rules it was decided with', () => {
    const snapshot = gateSnapshotOf(SOURCES, NOW);
    expect(snapshot).toMatchObject({ version: 1, cooperativeId: 'c1', siteId: 's1', generatedAt: NOW.toISOString(), validUntil: '2026-06-16T08:00:00.000Z' });
    expect(snapshot.inside).toEqual([{ minerId: 'm1', zoneId: 'z1', enteredAt: '2026-06-15T07:00:00.000Z' }]);
  });

  it("gives each member their cards, the card applying today, trainings and their current token only", () => {
    const [first] = gateSnapshotOf(SOURCES, NOW).members;
    expect(first.cards.map((card) => card.cardNumber)).toEqual(['C-0', 'C-1']);
    expect(first.cardExpiresOn).toBe('2026-12-31');
    expect(first.cardToken).toEqual({ id: 't2', serial: 2, keyId: 'k1' });
    expect(first.tokenDigests).toEqual(['abc']);
  });

  it('lists the legacy tokens a member never printed since token ids may hold, from their print days', () => {
    const second = gateSnapshotOf(SOURCES, NOW).members[1];
    const legacy = signCardToken({ cooperativeId: 'c1', minerId: 'm2', memberNumber: 'KAT-2', issued: '2026-06-10' }, Buffer.from('legacy-key'));
    expect(second).toMatchObject({ cardToken: null, tokenDigests: [cardTokenDigest(legacy)], trainings: [{ topic: 'first_aid', date: '2026-02-01', validityMonths: 12 }] });
    expect(gateSnapshotOf({ ...SOURCES, legacyKey: null }, NOW).members[1].tokenDigests).toEqual([]);
  });
});
