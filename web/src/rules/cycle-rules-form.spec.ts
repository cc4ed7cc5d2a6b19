import { cycleRulesBody, defaultRulesText, type CycleRulesText } from './cycle-rules-form';

const typed = (patch: Partial<CycleRulesText>): CycleRulesText => ({ ...defaultRulesText('USD'), sharePrice: '10', socialContribution: '2', ...patch });

describe('a cycle\'s rules as typed by a treasurer', () => {
  it('turns amounts, the multiple and the percentage into the API\'s units', () => {
    expect(cycleRulesBody(typed({ fines: [{ code: 'late', amount: '1' }, { code: 'absent', amount: '' }] }))).toEqual({
      body: {
        currency: 'USD',
        sharePriceMinor: 1000,
        minSharesPerMeeting: 1,
        maxSharesPerMeeting: 5,
        socialFundContributionMinor: 200,
        shareOutSocialFund: false,
        loanCapSavingsMultipleBp: 30_000,
        maxLoanTermMonths: 3,
        serviceChargeRateBpPerMonth: 1_000,
        serviceChargeMethod: 'flat',
        fineTypes: [{ code: 'late', amountMinor: 100 }],
      },
      wrong: [],
    });
  });

  it('reads decimal commas and currencies without decimals', () => {
    const result = cycleRulesBody(typed({ currency: 'XOF', sharePrice: '2000', socialContribution: '500', loanCapMultiple: '2,5', serviceChargePercent: '7,5' }));
    expect(result.body).toMatchObject({ sharePriceMinor: 2000, socialFundContributionMinor: 500, loanCapSavingsMultipleBp: 25_000, serviceChargeRateBpPerMonth: 750 });
  });

  it('takes an empty social contribution as none', () => {
    expect(cycleRulesBody(typed({ socialContribution: '' })).body?.socialFundContributionMinor).toBe(0);
  });

  it('names every field it cannot read, and sends nothing', () => {
    const result = cycleRulesBody(typed({ sharePrice: 'dix', maxShares: '2.5', loanCapMultiple: '', serviceChargePercent: '10,005', fines: [{ code: 'late', amount: '1,234' }] }));
    expect(result).toEqual({ body: null, wrong: ['fines.0', 'sharePrice', 'maxShares', 'loanCapMultiple', 'serviceChargePercent'] });
  });

  it('refuses more decimals than the currency has', () => {
    expect(cycleRulesBody(typed({ sharePrice: '10,005' })).wrong).toEqual(['sharePrice']);
    expect(cycleRulesBody(typed({ currency: 'XOF', sharePrice: '500,5' })).wrong).toEqual(['sharePrice']);
  });
});
