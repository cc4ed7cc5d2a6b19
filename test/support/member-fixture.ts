import type { TestApp } from './test-app.js';
import { bearer, type Session } from './identity-fixture.js';

export interface ActiveMember {
  id: string;
  firstName: string;
  lastName: string;
  memberNumber: string;
}

let sequence = 0;

/** Registers a miner through the API and admits them as an active member on `membershipDate`. */
export async function registerActiveMember(t: TestApp, officer: Session, cooperativeId: string, membershipDate: string): Promise<ActiveMember> {
  sequence += 1;
  const base = `/api/v1/cooperatives/${cooperativeId}`;
  const response = await t.http()
    .post(`${base}/miners`)
    .set(bearer(officer))
    .send({
      firstName: `Membre${sequence}`,
      lastName: `Kasongo${String.fromCharCode(65 + (sequence % 26))}`,
      sex: sequence % 2 === 0 ? 'F' : 'M',
      dateOfBirth: `198${sequence % 10}-02-1${sequence % 10}`,
      nationality: 'CD',
      idDocumentType: 'voter_card',
      idDocumentNumber: `GOV-${process.pid}-${1000 + sequence}`,
      membershipDate,
    })
    .expect(201);
  const id = response.body.id as string;
  await t.http().post(`${base}/miners/${id}/status`).set(bearer(officer)).send({ to: 'active', reason: 'Admission', effectiveOn: membershipDate }).expect(200);
  return { id, firstName: response.body.firstName as string, lastName: response.body.lastName as string, memberNumber: response.body.memberNumber as string };
}
