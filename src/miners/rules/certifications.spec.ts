import {
  certificationsOn,
  hasValidTraining,
  missingTrainings,
  type TrainingAttendance,
  trainingExpiry,
} from './certifications.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

const attended = (topic: string, date: string, validityMonths: number | null): TrainingAttendance => ({
  topic,
  date,
  validityMonths,
});

describe('training expiry', () => {
  it.each([
    ['2026-01-15', 12, '2027-01-14'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2024-02-29', 12, '2025-02-28'],
  ])('counts a session on %s valid %i months through %s', (date, months, expiresOn) => {
    expect(trainingExpiry(attended('first_aid', date, months))).toBe(expiresOn);
  });

  it.each([0, null])('never expires with a validity of %p', (months) => {
    expect(trainingExpiry(attended('site_induction', '2020-01-01', months))).toBeNull();
  });

  it.each([-1, 1.5, Number.NaN])('refuses a validity of %p months', (months) => {
    const error = domainErrorOf(() => trainingExpiry(attended('first_aid', '2026-01-01', months)));
    expect(error.code).toBe('TRAINING_VALIDITY_INVALID');
    expect(error.params).toMatchObject({ topic: 'first_aid' });
  });
});

describe('valid training on a date', () => {
  const firstAid = [attended('first_aid', '2026-01-15', 12)];

  it.each([
    ['2026-01-14', false],
    ['2026-01-15', true],
    ['2027-01-14', true],
    ['2027-01-15', false],
  ])('on %s first aid is valid: %s', (date, valid) => {
    expect(hasValidTraining(firstAid, 'first_aid', date)).toBe(valid);
  });

  it('keeps a never-expiring training valid years later', () => {
    expect(hasValidTraining([attended('site_induction', '2015-05-05', null)], 'site_induction', '2040-01-01')).toBe(true);
    expect(hasValidTraining([attended('site_induction', '2015-05-05', 0)], 'site_induction', '2040-01-01')).toBe(true);
  });

  it('finds nothing for a topic never attended or a differently written topic', () => {
    expect(hasValidTraining(firstAid, 'mercury_free', '2026-06-01')).toBe(false);
    expect(hasValidTraining(firstAid, 'First_Aid', '2026-06-01')).toBe(false);
    expect(hasValidTraining([], 'first_aid', '2026-06-01')).toBe(false);
  });

  it('extends validity with a refresher', () => {
    const history = [attended('first_aid', '2026-12-01', 12), ...firstAid];
    expect(hasValidTraining(history, 'first_aid', '2027-06-01')).toBe(true);
    expect(hasValidTraining(history, 'first_aid', '2027-12-01')).toBe(false);
  });

  it('lets the latest session decide even when an older one never expired', () => {
    const history = [attended('first_aid', '2020-01-01', null), attended('first_aid', '2025-01-01', 12)];
    expect(hasValidTraining(history, 'first_aid', '2025-12-31')).toBe(true);
    expect(hasValidTraining(history, 'first_aid', '2026-01-01')).toBe(false);
    expect(hasValidTraining(history, 'first_aid', '2024-06-01')).toBe(true);
  });

  it('ignores sessions after the date', () => {
    const history = [attended('first_aid', '2024-01-01', 12), attended('first_aid', '2026-03-01', 12)];
    expect(hasValidTraining(history, 'first_aid', '2025-06-01')).toBe(false);
    expect(certificationsOn(history, '2025-06-01')).toEqual([
      { topic: 'first_aid', attendedOn: '2024-01-01', expiresOn: '2024-12-31', valid: false },
    ]);
  });

  it('on the same day keeps the session that lasts longer, never-expiring first', () => {
    const sameDay = [attended('ppe', '2026-01-01', 6), attended('ppe', '2026-01-01', 12), attended('ppe', '2026-01-01', 3)];
    expect(certificationsOn(sameDay, '2026-02-01')[0].expiresOn).toBe('2026-12-31');
    const withPermanent = [attended('ppe', '2026-01-01', 12), attended('ppe', '2026-01-01', null), attended('ppe', '2026-01-01', 24)];
    expect(certificationsOn(withPermanent, '2026-02-01')[0].expiresOn).toBeNull();
  });
});

describe('certifications on a date', () => {
  it('lists the latest per topic, sorted by topic, with expiry and validity', () => {
    const history = [
      attended('site_induction', '2025-01-10', null),
      attended('first_aid', '2024-03-01', 12),
      attended('first_aid', '2025-03-01', 12),
      attended('mercury_free', '2024-06-01', 12),
    ];
    expect(certificationsOn(history, '2026-01-01')).toEqual([
      { topic: 'first_aid', attendedOn: '2025-03-01', expiresOn: '2026-02-28', valid: true },
      { topic: 'mercury_free', attendedOn: '2024-06-01', expiresOn: '2025-05-31', valid: false },
      { topic: 'site_induction', attendedOn: '2025-01-10', expiresOn: null, valid: true },
    ]);
  });

  it('does not depend on the order of the history', () => {
    const history = [attended('b', '2025-01-01', 12), attended('a', '2025-02-01', 12), attended('b', '2025-06-01', 12)];
    expect(certificationsOn([...history].reverse(), '2025-07-01')).toEqual(certificationsOn(history, '2025-07-01'));
  });

  it('refuses a malformed validity even on a session after the date', () => {
    expect(domainErrorOf(() => certificationsOn([attended('x', '2030-01-01', -3)], '2026-01-01')).code).toBe(
      'TRAINING_VALIDITY_INVALID',
    );
  });
});

describe('missing trainings', () => {
  const history = [attended('site_induction', '2025-01-10', null), attended('first_aid', '2024-03-01', 12)];

  it('lists required topics without a valid certification, in the order required, each once', () => {
    expect(missingTrainings(history, ['first_aid', 'site_induction', 'ppe', 'first_aid'], '2026-01-01')).toEqual([
      'first_aid',
      'ppe',
    ]);
  });

  it('lists nothing when nothing is required or everything is held', () => {
    expect(missingTrainings(history, [], '2026-01-01')).toEqual([]);
    expect(missingTrainings(history, ['site_induction'], '2026-01-01')).toEqual([]);
  });
});
