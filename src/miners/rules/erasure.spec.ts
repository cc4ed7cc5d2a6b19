import { wasEverMember } from './erasure.js';

describe('wasEverMember', () => {
  it('holds that an applicant never admitted was never a member', () => {
    expect(wasEverMember('applicant', [{ fromStatus: null, toStatus: 'applicant' }])).toBe(false);
  });

  it('holds that an applicant who withdrew was never a member', () => {
    expect(wasEverMember('exited', [{ fromStatus: null, toStatus: 'applicant' }, { fromStatus: 'applicant', toStatus: 'exited' }])).toBe(false);
  });

  it('sees a member who has since left', () => {
    expect(wasEverMember('exited', [{ fromStatus: null, toStatus: 'applicant' }, { fromStatus: 'applicant', toStatus: 'active' }, { fromStatus: 'active', toStatus: 'exited' }])).toBe(true);
  });

  it('sees a member registered directly as active', () => {
    expect(wasEverMember('exited', [{ fromStatus: null, toStatus: 'active' }, { fromStatus: 'active', toStatus: 'exited' }])).toBe(true);
  });

  it('sees a current or suspended member even without history', () => {
    expect(wasEverMember('active', [])).toBe(true);
    expect(wasEverMember('suspended', [])).toBe(true);
  });
});
