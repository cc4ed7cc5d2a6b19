import { benefitFunds, type RawBenefitStatement } from './benefit-statement.js';

const cooperative = { id: 'c', name: 'Tujenge', country: 'CD', province: 'Lualaba', timezone: 'Africa/Lubumbashi' };

describe('benefitFunds', () => {
  it('puts what each fund received beside where its money went, largest spending first', () => {
    const raw: RawBenefitStatement = {
      cooperative,
      received: [{ fundCode: 'COMMUNITY', currency: 'USD', amountMinor: '12345', purchases: 3 }],
      spending: [
        { fundCode: 'COMMUNITY', currency: 'USD', purpose: 'Well', count: 1, amountMinor: '2000' },
        { fundCode: 'COMMUNITY', currency: 'USD', purpose: 'School roof', count: 2, amountMinor: '5000' },
      ],
    };
    expect(benefitFunds(raw)).toEqual([
      {
        fundCode: 'COMMUNITY', currency: 'USD', receivedMinor: 12345, purchases: 3, spentMinor: 7000,
        spending: [{ purpose: 'School roof', count: 2, amountMinor: 5000 }, { purpose: 'Well', count: 1, amountMinor: 2000 }],
      },
    ]);
  });

  it('keeps a fund that only spent, and one currency apart from another, sorted by fund then currency', () => {
    const raw: RawBenefitStatement = {
      cooperative,
      received: [{ fundCode: 'B', currency: 'USD', amountMinor: '10', purchases: 1 }, { fundCode: 'B', currency: 'CDF', amountMinor: '500', purchases: 2 }],
      spending: [{ fundCode: 'A', currency: 'USD', purpose: 'Clinic', count: 1, amountMinor: '99' }],
    };
    expect(benefitFunds(raw).map((line) => [line.fundCode, line.currency, line.receivedMinor, line.spentMinor])).toEqual([
      ['A', 'USD', 0, 99], ['B', 'CDF', 500, 0], ['B', 'USD', 10, 0],
    ]);
  });

  it('answers no line for a period where nothing moved', () => {
    expect(benefitFunds({ cooperative, received: [], spending: [] })).toEqual([]);
  });

  it('refuses an amount past the safe integers rather than round it', () => {
    expect(() => benefitFunds({ cooperative, received: [{ fundCode: 'A', currency: 'USD', amountMinor: '9007199254740993', purchases: 1 }], spending: [] })).toThrow('out of range');
  });
});
