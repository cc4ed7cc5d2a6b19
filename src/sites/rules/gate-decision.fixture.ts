import { type MinerCard } from '../../miners/rules/card-status.js';
import type { GateInput, GatePerson, GateZone } from './gate-decision.js';

/** The inputs the gate decision's specs start from: an adult member with a valid card at a hazardous pit. */
export const DATE = '2026-06-15';
export const AT = new Date('2026-06-15T06:30:00Z');
export const VALID_CARD: MinerCard = { cardNumber: 'CEA-1', issuedOn: '2026-01-15', expiresOn: '2027-01-14' };
export const EXPIRED_CARD: MinerCard = { cardNumber: 'CEA-0', issuedOn: '2025-01-10', expiresOn: '2026-01-09' };

export const PIT: GateZone = {
  id: 'pit-3',
  hazardous: true,
  ppeRequired: ['helmet', 'boots'],
  forbidsPregnancy: false,
  capacity: 40,
  trainingsRequired: ['site_induction'],
  currentCount: 12,
};

export const OFFICE: GateZone = {
  id: 'office',
  hazardous: false,
  ppeRequired: [],
  forbidsPregnancy: false,
  capacity: null,
  trainingsRequired: [],
  currentCount: 3,
};

export function member(overrides: Partial<GatePerson> = {}): GatePerson {
  return {
    memberId: 'm-1',
    status: 'active',
    birth: { estimated: false, date: '1990-04-12' },
    cards: [VALID_CARD],
    trainings: [{ topic: 'site_induction', date: '2025-01-10', validityMonths: null }],
    insideZoneId: null,
    ...overrides,
  };
}

export function entry(overrides: Partial<GateInput> = {}): GateInput {
  return {
    person: member(),
    tokenInvalid: false,
    site: { status: 'open' },
    zone: PIT,
    direction: 'in',
    at: AT,
    date: DATE,
    declarations: { ppeWorn: ['helmet', 'boots'] },
    ...overrides,
  };
}

export const exit = (overrides: Partial<GateInput> = {}): GateInput => entry({ direction: 'out', ...overrides });
