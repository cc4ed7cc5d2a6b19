import {
  assertAnswerableDemand,
  assertAttendanceAccepted,
  assertMayVote,
  attendanceCounts,
  attendanceEntriesOf,
  firstCallHeldOn,
  type FirstCallRecord,
} from './assembly-desk.js';
import type { QuorumResult } from './quorum.js';
import { ATTENDANCE_PROBLEM_CODES } from './proxies.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { renderProblem } from '../../common/problem.js';
import type { DomainError } from '../../common/domain-error.js';

const code = (value: string) => expect.objectContaining({ code: value });

describe('a second call', () => {
  const first: FirstCallRecord = { id: 'a1', kind: 'ordinary', callNumber: 1, quorumReached: false, heldOn: '2026-05-01' };

  it('follows the first call of the same kind that missed its quorum, from its date', () => {
    expect(firstCallHeldOn(2, 'a1', first, 'ordinary')).toBe('2026-05-01');
  });

  it('names its first call, of the same kind, that did not reach its quorum', () => {
    expect(() => firstCallHeldOn(2, undefined, undefined, 'ordinary')).toThrow(code('FIRST_CALL_ASSEMBLY_REQUIRED'));
    expect(() => firstCallHeldOn(2, 'a1', undefined, 'ordinary')).toThrow(code('FIRST_CALL_ASSEMBLY_INVALID'));
    expect(() => firstCallHeldOn(2, 'a1', first, 'extraordinary')).toThrow(code('FIRST_CALL_ASSEMBLY_INVALID'));
    expect(() => firstCallHeldOn(2, 'a1', { ...first, callNumber: 2 }, 'ordinary')).toThrow(code('FIRST_CALL_ASSEMBLY_INVALID'));
    expect(() => firstCallHeldOn(2, 'a1', { ...first, quorumReached: true }, 'ordinary')).toThrow(code('FIRST_CALL_REACHED_QUORUM'));
  });

  it('is the only call that names a first call', () => {
    expect(firstCallHeldOn(1, undefined, undefined, 'ordinary')).toBeUndefined();
    expect(() => firstCallHeldOn(1, 'a1', first, 'ordinary')).toThrow(code('FIRST_CALL_ASSEMBLY_UNEXPECTED'));
  });
});

describe("answering members' demand", () => {
  const demand = { kind: 'extraordinary' as const, valid: true, check: { signatories: 3, required: 3 }, assemblyId: null };

  it('takes a valid, unanswered demand of the same kind', () => {
    expect(() => assertAnswerableDemand(demand, 'extraordinary')).not.toThrow();
  });

  it('refuses an insufficient demand, another kind, or one already answered', () => {
    expect(() => assertAnswerableDemand({ ...demand, valid: false }, 'extraordinary')).toThrow(code('ASSEMBLY_DEMAND_INSUFFICIENT'));
    expect(() => assertAnswerableDemand(demand, 'ordinary')).toThrow(code('ASSEMBLY_DEMAND_KIND_MISMATCH'));
    expect(() => assertAnswerableDemand({ ...demand, assemblyId: 'a9' }, 'extraordinary')).toThrow(expect.objectContaining({ code: 'ASSEMBLY_DEMAND_ANSWERED', kind: 'conflict' }));
  });
});

describe('the attendance list', () => {
  it('names a proxy holder for represented members only', () => {
    expect(attendanceEntriesOf([{ memberId: 'm1', mode: 'present' }, { memberId: 'm2', mode: 'represented', proxyHolderId: 'm1' }])).toEqual([
      { memberId: 'm1', mode: 'present' },
      { memberId: 'm2', mode: 'represented', proxyHolderId: 'm1' },
    ]);
    expect(() => attendanceEntriesOf([{ memberId: 'm1', mode: 'present', proxyHolderId: 'm2' }])).toThrow(code('PROXY_HOLDER_UNEXPECTED'));
    expect(() => attendanceEntriesOf([{ memberId: 'm2', mode: 'represented' }])).toThrow(code('PROXY_HOLDER_REQUIRED'));
  });

  it('refuses a bad list with one field error per problem', () => {
    const refused = (() => {
      try {
        assertAttendanceAccepted({ valid: false, problems: [{ code: 'OWN_PROXY', memberId: 'm1', proxyHolderId: 'm1' }, { code: 'PRESENT_TWICE', memberId: 'm2' }] });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toMatchObject({
      code: 'ATTENDANCE_INVALID',
      params: { count: 2 },
      errors: [
        { field: 'm1', code: 'OWN_PROXY', params: { proxyHolderId: 'm1' } },
        { field: 'm2', code: 'PRESENT_TWICE', params: { proxyHolderId: '' } },
      ],
    });
    // What a secretary reads: the catalogue's sentence in their language, never the code.
    const catalogue = Catalogue.load();
    const problem = renderProblem(refused as DomainError, catalogue, 'fr');
    expect(problem.errors?.map((e) => e.message)).toEqual([
      'Un membre ne peut pas être son propre mandataire.',
      'Ce membre est inscrit deux fois comme présent.',
    ]);
    expect(assertAttendanceAccepted({ valid: true, problems: [], present: 3, represented: 1 })).toEqual({ present: 3, represented: 1 });
  });

  it('has a sentence in French and English for every reason a line is refused', () => {
    const catalogue = Catalogue.load();
    for (const code of ATTENDANCE_PROBLEM_CODES) {
      for (const locale of ['fr', 'en'] as const) {
        expect([code, locale, catalogue.has(locale, `error.${code}`)]).toEqual([code, locale, true]);
      }
      const [fr, en] = (['fr', 'en'] as const).map((locale) => catalogue.translate(locale, `error.${code}`, { proxyHolderId: 'M-7' }));
      expect(fr).not.toContain(code);
      expect(fr).not.toEqual(en);
    }
  });

  it('counts those present and those represented', () => {
    expect(attendanceCounts([{ mode: 'present' }, { mode: 'represented' }, { mode: 'present' }])).toEqual({ present: 2, represented: 1 });
  });
});

describe('voting', () => {
  const quorum = { counted: 5, required: 4, rule: 'R', reached: true } as QuorumResult;

  it('is allowed in an opened assembly that reached its quorum', () => {
    expect(assertMayVote({ id: 'a1', status: 'open', quorum, quorumReached: true })).toBe(quorum);
  });

  it('waits for the opening, and for a reached quorum', () => {
    expect(() => assertMayVote({ id: 'a1', status: 'convened', quorum: null, quorumReached: null })).toThrow(code('ASSEMBLY_NOT_OPEN'));
    expect(() => assertMayVote({ id: 'a1', status: 'open', quorum: { ...quorum, reached: false }, quorumReached: false })).toThrow(
      expect.objectContaining({ code: 'QUORUM_NOT_REACHED', params: { counted: 5, required: 4, rule: 'R' } }),
    );
  });
});
