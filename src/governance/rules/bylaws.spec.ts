import { BYLAW_DECLARATION_DAYS, bylawDeclarationDeadline, bylawDeclarationStatus } from './bylaws.js';

describe('declaring a bylaw change to the registry', () => {
  const adoptedOn = '2024-01-15';

  it('is due thirty days after adoption', () => {
    expect(BYLAW_DECLARATION_DAYS).toBe(30);
    expect(bylawDeclarationDeadline(adoptedOn)).toBe('2024-02-14');
    expect(bylawDeclarationDeadline('2024-02-10')).toBe('2024-03-11');
  });

  it('is on time when declared on the deadline', () => {
    expect(bylawDeclarationStatus({ adoptedOn, declaredOn: '2024-02-14', today: '2024-03-01' })).toEqual({
      status: 'on_time',
      deadline: '2024-02-14',
      daysLate: 0,
      daysLeft: 0,
    });
  });

  it('is on time when declared on the day of adoption', () => {
    expect(bylawDeclarationStatus({ adoptedOn, declaredOn: adoptedOn, today: adoptedOn }).status).toBe('on_time');
  });

  it('is late when declared the day after the deadline', () => {
    expect(bylawDeclarationStatus({ adoptedOn, declaredOn: '2024-02-15', today: '2024-03-01' })).toEqual({
      status: 'late',
      deadline: '2024-02-14',
      daysLate: 1,
      daysLeft: 0,
    });
  });

  it('is pending, with no day left, on the deadline itself', () => {
    expect(bylawDeclarationStatus({ adoptedOn, today: '2024-02-14' })).toEqual({
      status: 'pending',
      deadline: '2024-02-14',
      daysLate: 0,
      daysLeft: 0,
    });
  });

  it('is pending with the days left before the deadline', () => {
    expect(bylawDeclarationStatus({ adoptedOn, today: adoptedOn }).daysLeft).toBe(30);
  });

  it('is overdue the day after the deadline when still undeclared', () => {
    expect(bylawDeclarationStatus({ adoptedOn, today: '2024-02-15' })).toEqual({
      status: 'overdue',
      deadline: '2024-02-14',
      daysLate: 1,
      daysLeft: 0,
    });
  });

  it('refuses a declaration dated before the adoption', () => {
    expect(() => bylawDeclarationStatus({ adoptedOn, declaredOn: '2024-01-14', today: '2024-02-01' })).toThrow(
      expect.objectContaining({ code: 'DECLARED_BEFORE_ADOPTION', params: { adoptedOn, declaredOn: '2024-01-14' } }),
    );
  });

  it('refuses a declaration dated in the future', () => {
    expect(() => bylawDeclarationStatus({ adoptedOn, declaredOn: '2024-02-02', today: '2024-02-01' })).toThrow(
      expect.objectContaining({ code: 'DECLARED_IN_FUTURE', params: { declaredOn: '2024-02-02', today: '2024-02-01' } }),
    );
  });
});
