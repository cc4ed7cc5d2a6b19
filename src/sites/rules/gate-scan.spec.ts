import { domainErrorOf } from '../../common/thrown.fixture.js';
import type { CardTokenClaims } from '../../miners/card-token.js';
import type { GateDecision } from './gate-decision.js';
import { boundedCaptureTime, declarationsOf, gateAttemptOf, gateAuditOf, gateSiteOf, gateZoneOf, scanIdentityOf, scannedMemberOf, tokenRevoked } from './gate-scan.js';

const COOP = 'c0000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-06-15T08:00:00Z');
const CLAIMS: CardTokenClaims = { cooperativeId: COOP, minerId: 'm1', memberNumber: 'KAT-2026-00001', issued: '2026-06-01', tokenId: 't2' };
const ZONE = { id: 'z1', hazardous: false, ppe_required: ['helmet'], forbids_pregnancy: true, capacity: 3, trainings_required: [] };

describe('gate scan', () => {
  it('trusts a capture time up to 5 minutes ahead and 7 days old', () => {
    expect(boundedCaptureTime('2026-06-15T08:05:00Z', NOW)).toEqual(new Date('2026-06-15T08:05:00Z'));
    expect(boundedCaptureTime('2026-06-08T08:00:00Z', NOW)).toEqual(new Date('2026-06-08T08:00:00Z'));
    expect(domainErrorOf(() => boundedCaptureTime('2026-06-15T08:05:01Z', NOW)).code).toBe('CAPTURED_AT_OUT_OF_RANGE');
    expect(domainErrorOf(() => boundedCaptureTime('2026-06-08T07:59:59Z', NOW)).code).toBe('CAPTURED_AT_OUT_OF_RANGE');
  });

  it('takes exactly one identity', () => {
    expect(domainErrorOf(() => scanIdentityOf({}, COOP, () => null)).code).toBe('GATE_IDENTITY_ONE_OF');
    expect(domainErrorOf(() => scanIdentityOf({ qrToken: 'x', memberNumber: 'y' }, COOP, () => null)).code).toBe('GATE_IDENTITY_ONE_OF');
    expect(scanIdentityOf({ unknownPerson: { description: 'boy', apparentMinor: true } }, COOP, () => null)).toEqual({
      identifiedBy: 'none', memberNumber: null, claims: null, tokenInvalid: false,
    });
  });

  it('holds a token invalid when its signature fails or it is of another cooperative', () => {
    expect(scanIdentityOf({ qrToken: 'x' }, COOP, () => CLAIMS)).toEqual({ identifiedBy: 'qr', memberNumber: null, claims: CLAIMS, tokenInvalid: false });
    expect(scanIdentityOf({ qrToken: 'x' }, COOP, () => null).tokenInvalid).toBe(true);
    expect(scanIdentityOf({ qrToken: 'x' }, 'other', () => CLAIMS)).toMatchObject({ claims: null, tokenInvalid: true });
  });

  it('opens only with the current token; a token without id only until a current one is recorded', () => {
    expect(tokenRevoked(CLAIMS, { currentTokenId: 't2' })).toBe(false);
    expect(tokenRevoked(CLAIMS, { currentTokenId: 't3' })).toBe(true);
    expect(tokenRevoked(CLAIMS, null)).toBe(true);
    const legacy = { ...CLAIMS, tokenId: undefined };
    expect(tokenRevoked(legacy, null)).toBe(false);
    expect(tokenRevoked(legacy, { currentTokenId: null })).toBe(true);
  });

  it('reads the declarations, the site and the zone as the rule takes them', () => {
    expect(declarationsOf({})).toEqual({ ppeWorn: [], pregnant: null });
    expect(declarationsOf({ declarations: { ppeWorn: [' helmet'], pregnant: false } })).toEqual({ ppeWorn: ['helmet'], pregnant: false });
    expect(gateSiteOf({ status: 'closed', closed_reason: null })).toEqual({ status: 'closed', closedReason: undefined });
    expect(gateZoneOf(ZONE, 2)).toEqual({ id: 'z1', hazardous: false, ppeRequired: ['helmet'], forbidsPregnancy: true, capacity: 3, trainingsRequired: [], currentCount: 2 });
  });

  it('hands the risk rules the age of a registered minor and what the officer saw', () => {
    const decision: GateDecision = {
      allowed: false,
      direction: 'in',
      reasons: [{ code: 'UNDER_18', age: { years: 15, estimated: false } }],
      warnings: [],
      flags: [
        { kind: 'child_labour', basis: 'registered_birth', memberId: 'm1', age: { years: 15, estimated: false }, zoneId: 'z1' },
        { kind: 'pregnancy_forbidden_zone', memberId: 'm1', zoneId: 'z1' },
      ],
      at: NOW,
    };
    expect(gateAttemptOf('e1', 's1', ZONE, NOW, decision)).toEqual({
      id: 'e1', siteId: 's1', zoneId: 'z1', attemptedAt: NOW, ageYears: 15, apparentMinor: false, pregnancyDeclared: true, zoneBansPregnantWomen: true,
    });
    expect(gateAuditOf({ siteId: 's1', zoneId: 'z1', minerId: 'm1', direction: 'in', capturedAt: NOW, flagIds: ['f1'] }, decision)).toEqual({
      siteId: 's1', zoneId: 'z1', minerId: 'm1', direction: 'in', capturedAt: NOW.toISOString(), allowed: false, reasons: ['UNDER_18'], flags: ['f1'],
    });
  });

  it('names the member of a typed number as found, and of a token only while it is their current one', () => {
    const current = { id: 'm1', credential: { currentTokenId: 't2' } };
    const typed = scanIdentityOf({ memberNumber: 'KOL-2026-00042-W' }, COOP, () => null);
    expect(scannedMemberOf(typed, current)).toEqual({ miner: current, tokenRevoked: false });
    expect(scannedMemberOf(typed, null)).toEqual({ miner: null, tokenRevoked: false });
    const scanned = scanIdentityOf({ qrToken: 'x' }, COOP, () => CLAIMS);
    expect(scannedMemberOf(scanned, current)).toEqual({ miner: current, tokenRevoked: false });
    expect(scannedMemberOf(scanned, { id: 'm1', credential: { currentTokenId: 't3' } })).toEqual({ miner: null, tokenRevoked: true });
    expect(scannedMemberOf(scanned, { id: 'm1', credential: null })).toEqual({ miner: null, tokenRevoked: true });
    const legacy = scanIdentityOf({ qrToken: 'x' }, COOP, () => ({ ...CLAIMS, tokenId: undefined }));
    expect(scannedMemberOf(legacy, { id: 'm1', credential: null })).toEqual({ miner: { id: 'm1', credential: null }, tokenRevoked: false });
    expect(scannedMemberOf(legacy, current)).toEqual({ miner: null, tokenRevoked: true });
    const forged = scanIdentityOf({ qrToken: 'x' }, COOP, () => null);
    expect(scannedMemberOf(forged, current)).toEqual({ miner: null, tokenRevoked: false });
    expect(scannedMemberOf(scanIdentityOf({ unknownPerson: { description: 'boy', apparentMinor: true } }, COOP, () => null), null)).toEqual({ miner: null, tokenRevoked: false });
  });
});
