import { operatorOnlyFieldsChanged } from './operator-only-fields.js';

describe('operatorOnlyFieldsChanged', () => {
  const before = { legalForm: 'COOP_CA', registrationNumber: 'RCCM-1', country: 'CD', province: 'Lualaba' };

  it('names the legal-standing fields set to a new value', () => {
    expect(operatorOnlyFieldsChanged(before, { province: 'Haut-Katanga', legalForm: 'SCOOPS' })).toEqual(['legalForm', 'province']);
  });

  it('ignores fields sent with their current value or not sent at all', () => {
    expect(operatorOnlyFieldsChanged(before, { country: 'CD', registrationNumber: 'RCCM-1' })).toEqual([]);
    expect(operatorOnlyFieldsChanged(before, {})).toEqual([]);
  });
});
