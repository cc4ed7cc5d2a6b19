import { type MinerCard } from '../../miners/rules/card-status.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';
import {
  decideGateEntry,
  type GateDecision,
  type GateInput,
  type GatePerson,
  REASON_ORDER,
  type ReasonCode,
} from './gate-decision.js';
import { AT, entry, EXPIRED_CARD, exit, member, OFFICE, PIT, VALID_CARD } from './gate-decision.fixture.js';

const codes = (decision: GateDecision): ReasonCode[] => decision.reasons.map((reason) => reason.code);

describe('gate entry: the baseline', () => {
  it('lets an adult active member with a valid card, training and PPE into an open pit with room', () => {
    expect(decideGateEntry(entry())).toEqual({
      allowed: true,
      direction: 'in',
      reasons: [],
      warnings: [],
      flags: [],
      at: AT,
    });
  });

  it('orders reasons identity, safeguarding, papers, place, presence', () => {
    expect(REASON_ORDER).toEqual([
      'INVALID_TOKEN',
      'TOKEN_REVOKED',
      'NOT_A_MEMBER',
      'UNDER_18',
      'ZONE_FORBIDS_PREGNANCY',
      'MEMBERSHIP_NOT_ACTIVE',
      'NO_CARD',
      'CARD_EXPIRED',
      'TRAINING_MISSING',
      'SITE_CLOSED',
      'ZONE_FULL',
      'PPE_MISSING',
      'ALREADY_INSIDE',
    ]);
  });

  it('refuses a malformed local date on the way in', () => {
    expect(domainErrorOf(() => decideGateEntry(entry({ date: '2026-06-31' }))).code).toBe('DATE_INVALID');
  });
});

describe('gate entry: each reason alone', () => {
  it.each<[string, GateInput, GateDecision['reasons'][number]]>([
    ['an invalid token, ignoring the looked-up person', entry({ tokenInvalid: true }), { code: 'INVALID_TOKEN' }],
    ['a revoked token, ignoring the member it names', entry({ tokenRevoked: true }), { code: 'TOKEN_REVOKED' }],
    ['an unknown person', entry({ person: null }), { code: 'NOT_A_MEMBER' }],
    ['an applicant', entry({ person: member({ status: 'applicant' }) }), { code: 'MEMBERSHIP_NOT_ACTIVE', status: 'applicant' }],
    ['a suspended member', entry({ person: member({ status: 'suspended' }) }), { code: 'MEMBERSHIP_NOT_ACTIVE', status: 'suspended' }],
    ['an exited member', entry({ person: member({ status: 'exited' }) }), { code: 'MEMBERSHIP_NOT_ACTIVE', status: 'exited' }],
    ['a member without a card', entry({ person: member({ cards: [] }) }), { code: 'NO_CARD', cardValidFrom: null }],
    [
      'a member whose only card is not yet valid',
      entry({ person: member({ cards: [{ cardNumber: 'N', issuedOn: '2026-07-01', expiresOn: '2027-06-30' }] }) }),
      { code: 'NO_CARD', cardValidFrom: '2026-07-01' },
    ],
    ['a member with an expired card', entry({ person: member({ cards: [EXPIRED_CARD] }) }), { code: 'CARD_EXPIRED', expiredOn: '2026-01-09' }],
    [
      'a 17-year-old',
      entry({ person: member({ birth: { estimated: false, date: '2008-06-16' } }) }),
      { code: 'UNDER_18', age: { years: 17, estimated: false } },
    ],
    [
      'a member born "about 2008", who may still be 17',
      entry({ person: member({ birth: { estimated: true, year: 2008 } }) }),
      { code: 'UNDER_18', age: { years: 17, estimated: true } },
    ],
    ['a closed site', entry({ site: { status: 'closed', closedReason: 'rains' } }), { code: 'SITE_CLOSED', closedReason: 'rains' }],
    ['a closed site, no reason given', entry({ site: { status: 'closed' } }), { code: 'SITE_CLOSED', closedReason: null }],
    ['a declared pregnancy at a hazardous zone', entry({ declarations: { ppeWorn: ['helmet', 'boots'], pregnant: true } }), { code: 'ZONE_FORBIDS_PREGNANCY' }],
    [
      'a declared pregnancy at a zone that forbids it',
      entry({ zone: { ...OFFICE, forbidsPregnancy: true }, declarations: { ppeWorn: [], pregnant: true } }),
      { code: 'ZONE_FORBIDS_PREGNANCY' },
    ],
    ['missing boots', entry({ declarations: { ppeWorn: ['helmet'] } }), { code: 'PPE_MISSING', items: ['boots'] }],
    ['no PPE at all', entry({ declarations: { ppeWorn: [] } }), { code: 'PPE_MISSING', items: ['helmet', 'boots'] }],
    ['a full zone', entry({ zone: { ...PIT, currentCount: 40 } }), { code: 'ZONE_FULL', capacity: 40 }],
    ['a zone over capacity', entry({ zone: { ...PIT, currentCount: 41 } }), { code: 'ZONE_FULL', capacity: 40 }],
    ['a zone of capacity 0', entry({ zone: { ...PIT, capacity: 0, currentCount: 0 } }), { code: 'ZONE_FULL', capacity: 0 }],
    ['a member already in this zone', entry({ person: member({ insideZoneId: 'pit-3' }) }), { code: 'ALREADY_INSIDE', zoneId: 'pit-3' }],
    ['a member already in another zone', entry({ person: member({ insideZoneId: 'pond-1' }) }), { code: 'ALREADY_INSIDE', zoneId: 'pond-1' }],
    ['a member never trained', entry({ person: member({ trainings: [] }) }), { code: 'TRAINING_MISSING', topics: ['site_induction'] }],
    [
      'a member whose training lapsed',
      entry({
        person: member({ trainings: [{ topic: 'site_induction', date: '2025-01-10', validityMonths: 12 }] }),
        zone: { ...PIT, trainingsRequired: ['site_induction', 'first_aid'] },
      }),
      { code: 'TRAINING_MISSING', topics: ['site_induction', 'first_aid'] },
    ],
  ])('denies %s with that reason only', (_case, input, reason) => {
    const decision = decideGateEntry(input);
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([reason]);
  });

  it('lets in at one below capacity and without limit', () => {
    expect(decideGateEntry(entry({ zone: { ...PIT, currentCount: 39 } })).allowed).toBe(true);
    expect(decideGateEntry(entry({ zone: { ...PIT, capacity: null, currentCount: 10_000 } })).allowed).toBe(true);
  });

  it('lets in on the 18th birthday, including a leap-day birthday in a common year', () => {
    expect(decideGateEntry(entry({ person: member({ birth: { estimated: false, date: '2008-06-15' } }) })).allowed).toBe(true);
    const leapling = member({ birth: { estimated: false, date: '2008-02-29' } });
    expect(codes(decideGateEntry(entry({ person: leapling, date: '2026-02-28' })))).toEqual(['UNDER_18']);
    expect(codes(decideGateEntry(entry({ person: leapling, date: '2026-03-01' })))).toEqual([]);
  });

  it('lets in someone born "about 2008" only from 31 December 2026', () => {
    const about2008 = member({ birth: { estimated: true, year: 2008 } });
    expect(decideGateEntry(entry({ person: about2008, date: '2026-12-30' })).allowed).toBe(false);
    expect(decideGateEntry(entry({ person: about2008, date: '2026-12-31' })).allowed).toBe(true);
  });

  it('lets in a pregnant woman where no zone rule forbids it, and anyone not declared pregnant', () => {
    expect(decideGateEntry(entry({ zone: OFFICE, declarations: { ppeWorn: [], pregnant: true } })).allowed).toBe(true);
    expect(decideGateEntry(entry({ declarations: { ppeWorn: ['helmet', 'boots'], pregnant: false } })).allowed).toBe(true);
  });

  it('accepts PPE worn beyond what the zone requires, in any order', () => {
    expect(decideGateEntry(entry({ declarations: { ppeWorn: ['gloves', 'boots', 'helmet'] } })).allowed).toBe(true);
  });

  it('names a PPE item required twice only once', () => {
    const decision = decideGateEntry(entry({ zone: { ...PIT, ppeRequired: ['helmet', 'helmet'] }, declarations: { ppeWorn: [] } }));
    expect(decision.reasons).toEqual([{ code: 'PPE_MISSING', items: ['helmet'] }]);
  });

  it('applies the adult age the cooperative sets', () => {
    const nineteen = member({ birth: { estimated: false, date: '2007-01-01' } });
    expect(codes(decideGateEntry(entry({ person: nineteen, settings: { adultAge: 21 } })))).toEqual(['UNDER_18']);
    expect(decideGateEntry(entry({ person: nineteen })).allowed).toBe(true);
  });

  it('does not check trainings or presence when the token is invalid', () => {
    const decision = decideGateEntry(entry({ tokenInvalid: true, person: member({ trainings: [], insideZoneId: 'pit-3' }) }));
    expect(codes(decision)).toEqual(['INVALID_TOKEN']);
  });
});

describe('gate entry: card warnings', () => {
  const expiringCard: MinerCard = { cardNumber: 'E', issuedOn: '2025-07-15', expiresOn: '2026-07-14' };

  it('lets in a member whose card expires within 30 days, with a warning', () => {
    const decision = decideGateEntry(entry({ person: member({ cards: [expiringCard] }) }));
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([{ code: 'CARD_EXPIRING', expiresOn: '2026-07-14', daysUntilExpiry: 29 }]);
  });

  it('warns on the expiry day itself and denies the day after', () => {
    const person = member({ cards: [expiringCard] });
    expect(decideGateEntry(entry({ person, date: '2026-07-14' }))).toMatchObject({
      allowed: true,
      warnings: [{ code: 'CARD_EXPIRING', daysUntilExpiry: 0 }],
    });
    expect(decideGateEntry(entry({ person, date: '2026-07-15' }))).toMatchObject({
      allowed: false,
      reasons: [{ code: 'CARD_EXPIRED', expiredOn: '2026-07-14' }],
      warnings: [],
    });
  });

  it('follows the expiring window the cooperative sets', () => {
    const person = member({ cards: [expiringCard] });
    expect(decideGateEntry(entry({ person, settings: { cardExpiringWithinDays: 28 } })).warnings).toEqual([]);
    expect(decideGateEntry(entry({ person, settings: { cardExpiringWithinDays: 29 } })).warnings).toHaveLength(1);
  });

  it('still warns about an expiring card when entry is denied for another reason', () => {
    const decision = decideGateEntry(entry({ person: member({ cards: [expiringCard] }), site: { status: 'closed' } }));
    expect(decision.allowed).toBe(false);
    expect(decision.warnings.map((warning) => warning.code)).toEqual(['CARD_EXPIRING']);
  });

  it('uses the renewed card from the history', () => {
    const decision = decideGateEntry(entry({ person: member({ cards: [EXPIRED_CARD, VALID_CARD] }) }));
    expect(decision).toMatchObject({ allowed: true, warnings: [] });
  });
});

describe('gate entry: combinations', () => {
  it('denies a minor with an expired card at a closed site for all three reasons, and flags child labour', () => {
    const decision = decideGateEntry(
      entry({
        person: member({ birth: { estimated: false, date: '2012-03-03' }, cards: [EXPIRED_CARD] }),
        site: { status: 'closed' },
      }),
    );
    expect(codes(decision)).toEqual(['UNDER_18', 'CARD_EXPIRED', 'SITE_CLOSED']);
    expect(decision.flags).toEqual([
      { kind: 'child_labour', basis: 'registered_birth', memberId: 'm-1', age: { years: 14, estimated: false }, zoneId: 'pit-3' },
    ]);
  });

  it('denies an unknown, pregnant, unequipped person at a full, closed pit for every place reason too', () => {
    const decision = decideGateEntry(
      entry({
        person: null,
        site: { status: 'closed' },
        zone: { ...PIT, currentCount: 40 },
        declarations: { ppeWorn: [], pregnant: true },
      }),
    );
    expect(codes(decision)).toEqual(['NOT_A_MEMBER', 'ZONE_FORBIDS_PREGNANCY', 'SITE_CLOSED', 'ZONE_FULL', 'PPE_MISSING']);
    expect(decision.flags).toEqual([{ kind: 'pregnancy_forbidden_zone', memberId: null, zoneId: 'pit-3' }]);
  });

  it('reports an invalid token with the place reasons, never NOT_A_MEMBER', () => {
    const decision = decideGateEntry(entry({ tokenInvalid: true, person: null, site: { status: 'closed' } }));
    expect(codes(decision)).toEqual(['INVALID_TOKEN', 'SITE_CLOSED']);
  });

  type Toggle = [ReasonCode, (input: GateInput) => GateInput];
  const withPerson = (input: GateInput, change: Partial<GatePerson>): GateInput => ({
    ...input,
    person: input.person === null ? null : { ...input.person, ...change },
  });
  const TOGGLES: Toggle[] = [
    ['MEMBERSHIP_NOT_ACTIVE', (input) => withPerson(input, { status: 'suspended' })],
    ['UNDER_18', (input) => withPerson(input, { birth: { estimated: true, year: 2010 } })],
    ['CARD_EXPIRED', (input) => withPerson(input, { cards: [EXPIRED_CARD] })],
    ['TRAINING_MISSING', (input) => withPerson(input, { trainings: [] })],
    ['ALREADY_INSIDE', (input) => withPerson(input, { insideZoneId: 'pond-1' })],
    ['SITE_CLOSED', (input) => ({ ...input, site: { status: 'closed' } })],
    ['ZONE_FULL', (input) => ({ ...input, zone: { ...input.zone, currentCount: 40 } })],
    ['PPE_MISSING', (input) => ({ ...input, declarations: { ...input.declarations, ppeWorn: ['helmet'] } })],
    ['ZONE_FORBIDS_PREGNANCY', (input) => ({ ...input, declarations: { ...input.declarations, pregnant: true } })],
  ];
  const SUBSETS = Array.from({ length: 2 ** TOGGLES.length }, (_, mask) => TOGGLES.filter((_toggle, bit) => (mask >> bit) & 1));

  it('returns exactly the reasons of every one of the 512 combinations for a member, in the stable order', () => {
    expect(SUBSETS).toHaveLength(512);
    for (const subset of SUBSETS) {
      const input = subset.reduce((current, [, apply]) => apply(current), entry());
      const decision = decideGateEntry(input);
      const expected = REASON_ORDER.filter((code) => subset.some(([toggled]) => toggled === code));
      expect(codes(decision)).toEqual(expected);
      expect(decision.allowed).toBe(expected.length === 0);
      expect(decision.flags.map((flag) => flag.kind)).toEqual(
        [
          expected.includes('UNDER_18') ? 'child_labour' : null,
          expected.includes('ZONE_FORBIDS_PREGNANCY') ? 'pregnancy_forbidden_zone' : null,
        ].filter((kind) => kind !== null),
      );
    }
  });

  it('returns the identity reason plus exactly the place reasons for an unknown person, in every combination', () => {
    const placeToggles = TOGGLES.filter(([code]) => ['SITE_CLOSED', 'ZONE_FULL', 'PPE_MISSING', 'ZONE_FORBIDS_PREGNANCY'].includes(code));
    for (let mask = 0; mask < 2 ** placeToggles.length; mask += 1) {
      const subset = placeToggles.filter((_toggle, bit) => (mask >> bit) & 1);
      for (const tokenInvalid of [false, true]) {
        const input = subset.reduce((current, [, apply]) => apply(current), entry({ person: null, tokenInvalid }));
        const identity: ReasonCode = tokenInvalid ? 'INVALID_TOKEN' : 'NOT_A_MEMBER';
        const expected = REASON_ORDER.filter((code) => code === identity || subset.some(([toggled]) => toggled === code));
        expect(codes(decideGateEntry(input))).toEqual(expected);
      }
    }
  });
});

describe('gate: risk flags', () => {
  it('flags child labour for a minor member, with the estimated age', () => {
    const decision = decideGateEntry(entry({ person: member({ memberId: 'm-7', birth: { estimated: true, year: 2009 } }) }));
    expect(decision.flags).toEqual([
      { kind: 'child_labour', basis: 'registered_birth', memberId: 'm-7', age: { years: 16, estimated: true }, zoneId: 'pit-3' },
    ]);
  });

  it('flags child labour for an unidentified person only when the officer says they look under 18', () => {
    const apparent = { kind: 'child_labour', basis: 'apparent_age', memberId: null, age: null, zoneId: 'pit-3' };
    expect(decideGateEntry(entry({ person: null, unknownPersonApparentMinor: true })).flags).toEqual([apparent]);
    expect(decideGateEntry(entry({ tokenInvalid: true, unknownPersonApparentMinor: true })).flags).toEqual([apparent]);
    expect(decideGateEntry(entry({ person: null, unknownPersonApparentMinor: false })).flags).toEqual([]);
    expect(decideGateEntry(entry({ person: null })).flags).toEqual([]);
  });

  it('keeps the apparent-minor judgement out of the reasons', () => {
    expect(codes(decideGateEntry(entry({ person: null, unknownPersonApparentMinor: true })))).toEqual(['NOT_A_MEMBER']);
  });

  it('relies on the registry, not the apparent-minor judgement, for an identified member', () => {
    expect(decideGateEntry(entry({ unknownPersonApparentMinor: true })).flags).toEqual([]);
  });

  it('flags a declared pregnancy at a forbidding zone with the member', () => {
    const decision = decideGateEntry(entry({ declarations: { ppeWorn: ['helmet', 'boots'], pregnant: true } }));
    expect(decision.flags).toEqual([{ kind: 'pregnancy_forbidden_zone', memberId: 'm-1', zoneId: 'pit-3' }]);
  });

  it('raises no pregnancy flag where the zone allows it', () => {
    expect(decideGateEntry(entry({ zone: OFFICE, declarations: { ppeWorn: [], pregnant: true } })).flags).toEqual([]);
  });

  it('raises both flags for a pregnant minor', () => {
    const decision = decideGateEntry(
      entry({
        person: member({ birth: { estimated: false, date: '2010-01-01' } }),
        declarations: { ppeWorn: ['helmet', 'boots'], pregnant: true },
      }),
    );
    expect(decision.flags.map((flag) => flag.kind)).toEqual(['child_labour', 'pregnancy_forbidden_zone']);
  });
});

describe('gate exit', () => {
  it('lets out a member recorded inside this zone, with nothing to note', () => {
    expect(decideGateEntry(exit({ person: member({ insideZoneId: 'pit-3' }) }))).toEqual({
      allowed: true,
      direction: 'out',
      reasons: [],
      warnings: [],
      flags: [],
      at: AT,
    });
  });

  it('lets out a member not recorded inside, noting it for reconciliation', () => {
    expect(decideGateEntry(exit())).toMatchObject({ allowed: true, reasons: [], warnings: [{ code: 'NOT_INSIDE' }] });
  });

  it('lets out a member recorded in another zone, naming that zone', () => {
    expect(decideGateEntry(exit({ person: member({ insideZoneId: 'pond-1' }) }))).toMatchObject({
      allowed: true,
      warnings: [{ code: 'INSIDE_OTHER_ZONE', zoneId: 'pond-1' }],
    });
  });

  it.each([
    ['an unknown person', exit({ person: null })],
    ['an invalid token', exit({ tokenInvalid: true, person: member({ insideZoneId: 'pit-3' }) })],
  ])('lets out %s, noting an unidentified exit', (_case, input) => {
    expect(decideGateEntry(input)).toMatchObject({ allowed: true, reasons: [], warnings: [{ code: 'UNIDENTIFIED_EXIT' }] });
  });

  it('never traps anyone: lets out whatever would deny entry', () => {
    const decision = decideGateEntry(
      exit({
        person: member({ status: 'exited', cards: [], trainings: [], insideZoneId: 'pit-3' }),
        site: { status: 'closed' },
        zone: { ...PIT, capacity: 0, currentCount: 40 },
        declarations: { ppeWorn: [] },
      }),
    );
    expect(decision).toMatchObject({ allowed: true, reasons: [], warnings: [] });
  });

  it('flags a minor and a declared pregnancy on the way out too: they were inside', () => {
    const decision = decideGateEntry(
      exit({
        person: member({ birth: { estimated: false, date: '2011-05-05' }, insideZoneId: 'pit-3' }),
        declarations: { ppeWorn: [], pregnant: true },
      }),
    );
    expect(decision.allowed).toBe(true);
    expect(decision.flags).toEqual([
      { kind: 'child_labour', basis: 'registered_birth', memberId: 'm-1', age: { years: 15, estimated: false }, zoneId: 'pit-3' },
      { kind: 'pregnancy_forbidden_zone', memberId: 'm-1', zoneId: 'pit-3' },
    ]);
    expect(decideGateEntry(exit({ person: null, unknownPersonApparentMinor: true })).flags).toHaveLength(1);
  });

  it('lets out even when the recorded birth or the date cannot be read, which blocks entry', () => {
    const bornLater = member({ birth: { estimated: false, date: '2030-01-01' }, insideZoneId: 'pit-3' });
    expect(decideGateEntry(exit({ person: bornLater }))).toMatchObject({ allowed: true, flags: [], warnings: [] });
    expect(decideGateEntry(exit({ date: 'not a date' })).allowed).toBe(true);
    expect(domainErrorOf(() => decideGateEntry(entry({ person: bornLater }))).code).toBe('DATE_BEFORE_BIRTH');
  });
});
