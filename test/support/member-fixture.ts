import type { TestApp } from './test-app.js';
import { bearer, type Session } from './identity-fixture.js';

/** What POST /miners answers that the tests use. */
export interface RegisteredMiner {
  id: string;
  firstName: string;
  lastName: string;
  memberNumber: string;
}

export type ActiveMember = RegisteredMiner;

let sequence = 0;

/** "a", "b", … "z", "ba", …: names stay letters only while unique within the test file. */
function letters(value: number): string {
  return value.toString(26).split('').map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
}

/**
 * A valid registration body for an adult man, its names, identity document and (when a card is
 * asked for) card number unique within the test file's database. `overrides` win; an override
 * set to `undefined` drops the field.
 */
export function minerRegistration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const tag = letters(sequence);
  return {
    firstName: `Mineur${tag}`,
    lastName: `Membre${tag.toUpperCase()}x${sequence}`,
    sex: 'M',
    dateOfBirth: '1990-04-12',
    nationality: 'CD',
    idDocumentType: 'voter_card',
    idDocumentNumber: `MIN-${5000 + sequence}`,
    ...overrides,
  };
}

/** Registration fields for an active member holding a card issued on `cardIssuedOn`. */
export function activeCardHolder(cardIssuedOn: string): Record<string, unknown> {
  sequence += 1;
  return { status: 'active', cardNumber: `CEA-M-${sequence}`, cardIssuedOn };
}

/** Registers a miner through the API (201 expected) with `minerRegistration(overrides)`. */
export async function registerMiner(t: TestApp, officer: Session, cooperativeId: string, overrides: Record<string, unknown> = {}): Promise<RegisteredMiner> {
  const response = await t.http()
    .post(`/api/v1/cooperatives/${cooperativeId}/miners`)
    .set(bearer(officer))
    .send(minerRegistration(overrides))
    .expect(201);
  return response.body as RegisteredMiner;
}

/** Registers a miner through the API and admits them as an active member on `membershipDate` (status change, 200 expected). */
export async function registerActiveMember(
  t: TestApp,
  officer: Session,
  cooperativeId: string,
  membershipDate: string,
  overrides: Record<string, unknown> = {},
): Promise<ActiveMember> {
  const registered = await registerMiner(t, officer, cooperativeId, {
    sex: sequence % 2 === 0 ? 'F' : 'M',
    dateOfBirth: `198${sequence % 10}-02-1${sequence % 10}`,
    membershipDate,
    ...overrides,
  });
  await t.http()
    .post(`/api/v1/cooperatives/${cooperativeId}/miners/${registered.id}/status`)
    .set(bearer(officer))
    .send({ to: 'active', reason: 'Admission', effectiveOn: membershipDate })
    .expect(200);
  return { id: registered.id, firstName: registered.firstName, lastName: registered.lastName, memberNumber: registered.memberNumber };
}
