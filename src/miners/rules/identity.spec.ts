import { domainErrorOf } from '../../common/thrown.fixture.js';
import { assertRequiredFieldsKept, identityOf, type MinerIdentity, patchedIdentity, registeredIdentity } from './identity.js';

const current: MinerIdentity = {
  firstName: 'Amani', middleName: 'Furaha', lastName: 'Kabila', sex: 'F', dateOfBirth: '1990-04-02', birthYear: null, birthDateEstimated: false,
  placeOfBirth: 'Bukavu', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC123', phone: '+243810000000', address: null,
  homeSiteId: null, nextOfKinName: null, nextOfKinPhone: null,
};
const sameBirth = { estimated: false, date: '1990-04-02' } as const;

describe('patchedIdentity', () => {
  it('keeps absent fields, clears optional ones sent as null, and sets the others', () => {
    const patched = patchedIdentity(current, { middleName: null, phone: '+243820000000' }, sameBirth);
    expect(patched).toEqual({ ...current, middleName: null, phone: '+243820000000' });
  });

  it('normalises the ID number and the nationality as registration does', () => {
    const patched = patchedIdentity(current, { idDocumentNumber: ' vc 999 ', nationality: 'rw' }, sameBirth);
    expect(patched).toMatchObject({ idDocumentNumber: 'VC999', nationality: 'RW' });
  });

  it('stores the birth it is given', () => {
    expect(patchedIdentity(current, {}, { estimated: true, year: 1989 })).toMatchObject({ dateOfBirth: null, birthYear: 1989, birthDateEstimated: true });
  });
});

describe('assertRequiredFieldsKept and identityOf', () => {
  it('refuses to clear a required field, not an optional one', () => {
    expect(domainErrorOf(() => assertRequiredFieldsKept({ lastName: null })).params).toEqual({ field: 'lastName' });
    expect(() => assertRequiredFieldsKept({ phone: null })).not.toThrow();
  });

  it('keeps only the identity fields of a larger record', () => {
    expect(identityOf({ ...current, memberNumber: 'KAB-2026-00001' } as MinerIdentity)).toEqual(current);
  });
});

describe('registeredIdentity', () => {
  it('trims the names, normalises the ID number and leaves unknown fields null, Congolese by default', () => {
    const identity = registeredIdentity({ firstName: ' Amani ', lastName: 'Kabila ', sex: 'F', idDocumentType: 'voter_card', idDocumentNumber: 'vc 123' }, sameBirth);
    expect(identity).toEqual({ ...current, firstName: 'Amani', middleName: null, placeOfBirth: null, idDocumentNumber: 'VC123', phone: null });
  });
});
