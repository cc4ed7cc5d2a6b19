import { domainErrorOf } from '../../common/thrown.fixture.js';
import {
  previewCycleShareOut,
  settleMemberExit,
  type CycleShareOutPreview,
  type ShareOutMember,
} from './share-out.js';

const kept = { shareOutSocialFund: false };
const shared = { shareOutSocialFund: true };
const member = (memberId: string, shares: number, debtMinor = 0): ShareOutMember => ({ memberId, shares, debtMinor });

function lineOf(preview: CycleShareOutPreview, memberId: string) {
  const line = preview.lines.find((candidate) => candidate.memberId === memberId);
  if (!line) throw new Error(`no line for ${memberId}`);
  return line;
}

/** A small deterministic generator (mulberry32) so that failures can be replayed. */
function randomSource(seed: number): (maxInclusive: number) => number {
  let state = seed >>> 0;
  return (maxInclusive) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    return Math.floor(unit * (maxInclusive + 1));
  };
}

describe('previewCycleShareOut without debts', () => {
  it('shares 1 000 over three single shares as 333 each and states the remainder of 1', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 1_000,
      socialFundCashMinor: 0,
      members: [member('a', 1), member('b', 1), member('c', 1)],
    });
    expect(preview.valuePerShare).toEqual({ numerator: 1_000, denominator: 3, displayMinor: 333 });
    expect(preview.lines.map((line) => line.netPayoutMinor)).toEqual([333, 333, 333]);
    expect(preview.remainderMinor).toBe(1);
    expect(preview.totals).toMatchObject({ netPayoutMinor: 999, remainderMinor: 1, cashKeptForNextCycleMinor: 1 });
  });

  it('pays each member floor(cash × own shares ÷ total shares)', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 1_000_000,
      socialFundCashMinor: 0,
      members: [member('a', 10), member('b', 20), member('c', 30)],
    });
    expect(preview.valuePerShare).toEqual({ numerator: 50_000, denominator: 3, displayMinor: 16_666 });
    expect(preview.lines.map((line) => line.grossMinor)).toEqual([166_666, 333_333, 500_000]);
    expect(preview.remainderMinor).toBe(1);
  });

  it('gives a full preview line per member', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 600,
      socialFundCashMinor: 0,
      members: [member('a', 2), member('b', 1)],
    });
    expect(preview.lines).toEqual([
      {
        memberId: 'a',
        shares: 2,
        grossMinor: 400,
        debtMinor: 0,
        debtNettedMinor: 0,
        netPayoutMinor: 400,
        carriedDebtMinor: 0,
        socialFundShareMinor: 0,
        cashToMemberMinor: 400,
      },
      {
        memberId: 'b',
        shares: 1,
        grossMinor: 200,
        debtMinor: 0,
        debtNettedMinor: 0,
        netPayoutMinor: 200,
        carriedDebtMinor: 0,
        socialFundShareMinor: 0,
        cashToMemberMinor: 200,
      },
    ]);
    expect(preview.remainderMinor).toBe(0);
  });

  it('gives nothing to a member with no shares', () => {
    const preview = previewCycleShareOut(shared, {
      loanFundCashMinor: 900,
      socialFundCashMinor: 300,
      members: [member('a', 3), member('idle', 0)],
    });
    expect(lineOf(preview, 'idle')).toMatchObject({ grossMinor: 0, netPayoutMinor: 0, socialFundShareMinor: 0, cashToMemberMinor: 0 });
    expect(lineOf(preview, 'a')).toMatchObject({ grossMinor: 900, socialFundShareMinor: 300, cashToMemberMinor: 1_200 });
  });

  it('keeps all the cash in the box when nobody bought a share', () => {
    const preview = previewCycleShareOut(shared, {
      loanFundCashMinor: 500,
      socialFundCashMinor: 70,
      members: [member('idle', 0, 40)],
    });
    expect(preview.valuePerShare).toEqual({ numerator: 0, denominator: 1, displayMinor: 0 });
    expect(preview.remainderMinor).toBe(500);
    expect(preview.socialFund).toMatchObject({ policy: 'kept', keptForNextCycleMinor: 70 });
    expect(lineOf(preview, 'idle').carriedDebtMinor).toBe(40);
    expect(preview.totals.cashKeptForNextCycleMinor).toBe(570);
  });

  it('handles a group with no members at all', () => {
    const preview = previewCycleShareOut(kept, { loanFundCashMinor: 10, socialFundCashMinor: 5, members: [] });
    expect(preview.lines).toEqual([]);
    expect(preview.totals).toMatchObject({ members: 0, shares: 0, remainderMinor: 10, cashKeptForNextCycleMinor: 15 });
  });
});

describe('previewCycleShareOut with debts', () => {
  it('counts a debt the payout covers as settled, then nets it: all the cash is paid out', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 1_000,
      socialFundCashMinor: 0,
      members: [member('a', 1, 100), member('b', 1)],
    });
    expect(preview.valuePerShare.displayMinor).toBe(550);
    expect(lineOf(preview, 'a')).toMatchObject({ grossMinor: 550, debtNettedMinor: 100, netPayoutMinor: 450, carriedDebtMinor: 0 });
    expect(lineOf(preview, 'b')).toMatchObject({ grossMinor: 550, netPayoutMinor: 550 });
    expect(preview.totals).toMatchObject({ netPayoutMinor: 1_000, remainderMinor: 0, debtNettedMinor: 100 });
  });

  it('nets a debt exactly equal to the gross, leaving a zero payout and nothing carried', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 300,
      socialFundCashMinor: 0,
      members: [member('a', 1, 300), member('b', 1)],
    });
    expect(lineOf(preview, 'a')).toMatchObject({ grossMinor: 300, debtNettedMinor: 300, netPayoutMinor: 0, carriedDebtMinor: 0 });
    expect(lineOf(preview, 'b').netPayoutMinor).toBe(300);
  });

  it('carries the part of a debt the payout cannot cover and values shares without it', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 1_000,
      socialFundCashMinor: 0,
      members: [member('a', 1, 2_000), member('b', 1), member('c', 2)],
    });
    expect(preview.valuePerShare).toEqual({ numerator: 1_000, denominator: 3, displayMinor: 333 });
    expect(lineOf(preview, 'a')).toMatchObject({ grossMinor: 333, debtNettedMinor: 333, netPayoutMinor: 0, carriedDebtMinor: 1_667 });
    expect(lineOf(preview, 'b').netPayoutMinor).toBe(333);
    expect(lineOf(preview, 'c').netPayoutMinor).toBe(666);
    expect(preview.totals).toMatchObject({ netPayoutMinor: 999, remainderMinor: 1, carriedDebtMinor: 1_667 });
  });

  it('re-values until stable when one uncovered debt uncovers another', () => {
    // (300 + 1 000 + 301) ÷ 3 → a uncovered; (300 + 301) ÷ 2 = 300.5 → b uncovered; 300 ÷ 1.
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 300,
      socialFundCashMinor: 0,
      members: [member('a', 1, 1_000), member('b', 1, 301), member('c', 1)],
    });
    expect(preview.valuePerShare).toEqual({ numerator: 300, denominator: 1, displayMinor: 300 });
    expect(lineOf(preview, 'a')).toMatchObject({ debtNettedMinor: 300, carriedDebtMinor: 700, netPayoutMinor: 0 });
    expect(lineOf(preview, 'b')).toMatchObject({ debtNettedMinor: 300, carriedDebtMinor: 1, netPayoutMinor: 0 });
    expect(lineOf(preview, 'c').netPayoutMinor).toBe(300);
    expect(preview.remainderMinor).toBe(0);
  });

  it('keeps a debt one unit under the cascade point covered', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 300,
      socialFundCashMinor: 0,
      members: [member('a', 1, 1_000), member('b', 1, 300), member('c', 1)],
    });
    expect(preview.valuePerShare.displayMinor).toBe(300);
    expect(lineOf(preview, 'b')).toMatchObject({ grossMinor: 300, debtNettedMinor: 300, carriedDebtMinor: 0 });
    expect(lineOf(preview, 'c').netPayoutMinor).toBe(300);
  });

  it('carries the whole debt of a member with no shares', () => {
    const preview = previewCycleShareOut(kept, {
      loanFundCashMinor: 800,
      socialFundCashMinor: 0,
      members: [member('a', 2), member('idle', 0, 150)],
    });
    expect(lineOf(preview, 'idle')).toMatchObject({ grossMinor: 0, debtNettedMinor: 0, carriedDebtMinor: 150 });
    expect(lineOf(preview, 'a').netPayoutMinor).toBe(800);
  });

  it('pays the social-fund share in full to a member whose debt is carried', () => {
    const preview = previewCycleShareOut(shared, {
      loanFundCashMinor: 1_000,
      socialFundCashMinor: 200,
      members: [member('a', 1, 5_000), member('b', 1)],
    });
    expect(lineOf(preview, 'a')).toMatchObject({ netPayoutMinor: 0, socialFundShareMinor: 100, cashToMemberMinor: 100 });
    expect(lineOf(preview, 'a').carriedDebtMinor).toBe(4_000);
  });
});

describe('previewCycleShareOut social fund', () => {
  const members = [member('a', 1), member('b', 2), member('c', 3)];

  it('keeps the social fund for the next cycle by default', () => {
    const preview = previewCycleShareOut(kept, { loanFundCashMinor: 600, socialFundCashMinor: 1_000, members });
    expect(preview.socialFund).toEqual({
      policy: 'kept',
      cashMinor: 1_000,
      sharedPerMemberMinor: 0,
      sharedTotalMinor: 0,
      keptForNextCycleMinor: 1_000,
    });
    expect(preview.lines.every((line) => line.socialFundShareMinor === 0)).toBe(true);
    expect(preview.totals).toMatchObject({ cashPaidMinor: 600, cashKeptForNextCycleMinor: 1_000, cashAvailableMinor: 1_600 });
  });

  it('shares it equally, whatever the shares, keeping the units left by rounding', () => {
    const preview = previewCycleShareOut(shared, { loanFundCashMinor: 600, socialFundCashMinor: 1_000, members });
    expect(preview.socialFund).toEqual({
      policy: 'shared-equally',
      cashMinor: 1_000,
      sharedPerMemberMinor: 333,
      sharedTotalMinor: 999,
      keptForNextCycleMinor: 1,
    });
    expect(preview.lines.map((line) => line.cashToMemberMinor)).toEqual([433, 533, 633]);
    expect(preview.totals).toMatchObject({ socialFundPaidMinor: 999, cashPaidMinor: 1_599, cashKeptForNextCycleMinor: 1 });
  });
});

describe('previewCycleShareOut refusals', () => {
  it('refuses the same member twice', () => {
    const error = domainErrorOf(() =>
      previewCycleShareOut(kept, { loanFundCashMinor: 1, socialFundCashMinor: 0, members: [member('a', 1), member('a', 2)] }),
    );
    expect(error.code).toBe('SHARE_OUT_DUPLICATE_MEMBER');
    expect(error.params).toEqual({ memberId: 'a' });
  });

  it('refuses fractional shares, negative debts and negative cash', () => {
    const base = { loanFundCashMinor: 100, socialFundCashMinor: 0, members: [member('a', 1)] };
    expect(domainErrorOf(() => previewCycleShareOut(kept, { ...base, members: [member('a', 1.5)] })).code).toBe('COUNT_NOT_WHOLE');
    expect(domainErrorOf(() => previewCycleShareOut(kept, { ...base, members: [member('a', 1, -5)] })).code).toBe(
      'AMOUNT_NOT_WHOLE_MINOR_UNITS',
    );
    expect(domainErrorOf(() => previewCycleShareOut(kept, { ...base, loanFundCashMinor: -1 })).code).toBe('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(domainErrorOf(() => previewCycleShareOut(kept, { ...base, socialFundCashMinor: 0.5 })).code).toBe(
      'AMOUNT_NOT_WHOLE_MINOR_UNITS',
    );
  });
});

describe('previewCycleShareOut invariants on generated cycles', () => {
  const next = randomSource(20_250_101);
  const cases = Array.from({ length: 2_000 }, (_, index) => {
    const memberCount = next(25);
    const scale = [1, 100, 10_000, 1_000_000][next(3)];
    const members = Array.from({ length: memberCount }, (_, m) => {
      const shares = next(4) === 0 ? 0 : next(260);
      const debtKind = next(3);
      const debtMinor = debtKind === 0 ? 0 : debtKind === 1 ? next(50) * scale : next(5_000) * scale;
      return member(`m${m}`, shares, debtMinor);
    });
    return {
      index,
      rules: next(1) === 0 ? kept : shared,
      input: { loanFundCashMinor: next(100_000) * scale + next(99), socialFundCashMinor: next(9_999) * scale, members },
    };
  });

  it('exercises every branch: debts covered, debts carried, rounding remainders, idle members', () => {
    const previews = cases.map(({ rules, input }) => previewCycleShareOut(rules, input));
    const count = (test: (preview: CycleShareOutPreview) => boolean): number => previews.filter(test).length;
    expect(count((p) => p.lines.some((line) => line.debtNettedMinor > 0 && line.carriedDebtMinor === 0))).toBeGreaterThan(50);
    expect(count((p) => p.lines.some((line) => line.carriedDebtMinor > 0 && line.shares > 0))).toBeGreaterThan(50);
    expect(count((p) => p.lines.filter((line) => line.carriedDebtMinor > 0 && line.shares > 0).length > 1)).toBeGreaterThan(10);
    expect(count((p) => p.remainderMinor > 0)).toBeGreaterThan(50);
    expect(count((p) => p.lines.some((line) => line.shares === 0))).toBeGreaterThan(50);
    expect(count((p) => p.socialFund.policy === 'shared-equally')).toBeGreaterThan(50);
  });

  it(`holds to the last unit on ${cases.length} cycles`, () => {
    const broken: string[] = [];
    const check = (index: number, rule: string, holds: boolean): void => {
      if (!holds) broken.push(`case ${index}: ${rule}`);
    };
    for (const { index, rules, input } of cases) {
      const preview = previewCycleShareOut(rules, input);
      const { totals, lines, socialFund, valuePerShare } = preview;
      const sum = (pick: (line: (typeof lines)[number]) => number): number => lines.reduce((total, line) => total + pick(line), 0);
      const v = { n: BigInt(valuePerShare.numerator), d: BigInt(valuePerShare.denominator) };
      const cash = input.loanFundCashMinor;

      check(index, 'Σ net + remainder = loan-fund cash', sum((line) => line.netPayoutMinor) + preview.remainderMinor === cash);
      check(
        index,
        'Σ paid + remainder + social kept = cash available',
        totals.cashPaidMinor + preview.remainderMinor + socialFund.keptForNextCycleMinor === cash + input.socialFundCashMinor,
      );
      check(index, 'paid + kept = available', totals.cashPaidMinor + totals.cashKeptForNextCycleMinor === totals.cashAvailableMinor);
      check(
        index,
        'social shared + kept = social fund',
        socialFund.sharedTotalMinor + socialFund.keptForNextCycleMinor === input.socialFundCashMinor,
      );
      check(index, 'Σ gross = Σ net + Σ netted', sum((line) => line.grossMinor) === totals.netPayoutMinor + totals.debtNettedMinor);
      check(index, 'netted + carried = debts', totals.debtNettedMinor + totals.carriedDebtMinor === totals.debtMinor);
      check(index, 'cash paid = Σ cash to members', totals.cashPaidMinor === sum((line) => line.cashToMemberMinor));

      const holders = lines.filter((line) => line.shares > 0).length;
      check(index, 'remainder ≥ 0', preview.remainderMinor >= 0);
      check(index, 'remainder bounded', holders === 0 ? preview.remainderMinor === cash : preview.remainderMinor < holders);
      if (rules.shareOutSocialFund && holders > 0) check(index, 'social kept bounded', socialFund.keptForNextCycleMinor < holders);

      let coveredShares = 0n;
      let coveredDebt = 0n;
      for (const line of lines) {
        const at = `member ${line.memberId}:`;
        check(index, `${at} netted + carried = debt`, line.debtNettedMinor + line.carriedDebtMinor === line.debtMinor);
        check(index, `${at} net = gross − netted ≥ 0`, line.netPayoutMinor === line.grossMinor - line.debtNettedMinor);
        check(index, `${at} net ≥ 0`, line.netPayoutMinor >= 0);
        check(index, `${at} gross = floor(shares × value)`, BigInt(line.grossMinor) === (BigInt(line.shares) * v.n) / v.d);
        if (line.shares === 0) check(index, `${at} idle member gets nothing`, line.cashToMemberMinor === 0);
        const covered = BigInt(line.debtMinor) * v.d <= BigInt(line.shares) * v.n;
        check(index, `${at} carried exactly when the value cannot cover the debt`, covered === (line.carriedDebtMinor === 0));
        if (line.carriedDebtMinor > 0) check(index, `${at} carried ⇒ nothing paid`, line.netPayoutMinor === 0);
        if (covered) {
          coveredShares += BigInt(line.shares);
          coveredDebt += BigInt(line.debtMinor);
        }
      }
      if (holders > 0) {
        check(index, 'value × covered shares = cash + covered debts', v.n * coveredShares === (BigInt(cash) + coveredDebt) * v.d);
      }
    }
    expect(broken).toEqual([]);
  });

  it('matches floor(cash × member shares ÷ total shares) exactly whenever nobody owes anything', () => {
    for (const { rules, input } of cases) {
      const members = input.members.map((m) => ({ ...m, debtMinor: 0 }));
      const totalShares = BigInt(members.reduce((total, m) => total + m.shares, 0));
      if (totalShares === 0n) continue;
      const preview = previewCycleShareOut(rules, { ...input, members });
      preview.lines.forEach((line, index) => {
        expect(BigInt(line.grossMinor)).toBe((BigInt(input.loanFundCashMinor) * BigInt(members[index].shares)) / totalShares);
      });
    }
  });
});

describe('settleMemberExit', () => {
  it('values shares on current cash and all shares bought so far', () => {
    expect(settleMemberExit({ loanFundCashMinor: 1_000_000, totalShares: 60, member: member('a', 10) })).toEqual({
      valuePerShare: { numerator: 50_000, denominator: 3, displayMinor: 16_666 },
      line: {
        memberId: 'a',
        shares: 10,
        grossMinor: 166_666,
        debtMinor: 0,
        debtNettedMinor: 0,
        netPayoutMinor: 166_666,
        carriedDebtMinor: 0,
        socialFundShareMinor: 0,
        cashToMemberMinor: 166_666,
      },
      loanFundCashBeforeMinor: 1_000_000,
      paidMinor: 166_666,
      loanFundCashAfterMinor: 833_334,
      sharesRemaining: 50,
    });
  });

  it('nets a debt the payout covers, counting it as settled', () => {
    const exit = settleMemberExit({ loanFundCashMinor: 900, totalShares: 3, member: member('a', 1, 100) });
    expect(exit.valuePerShare).toEqual({ numerator: 1_000, denominator: 3, displayMinor: 333 });
    expect(exit.line).toMatchObject({ grossMinor: 333, debtNettedMinor: 100, netPayoutMinor: 233, carriedDebtMinor: 0 });
    expect(exit.loanFundCashAfterMinor).toBe(667);
  });

  it('records the debt the payout cannot cover and pays nothing', () => {
    const exit = settleMemberExit({ loanFundCashMinor: 1_000, totalShares: 4, member: member('a', 1, 1_000) });
    expect(exit.valuePerShare).toEqual({ numerator: 1_000, denominator: 3, displayMinor: 333 });
    expect(exit.line).toMatchObject({ grossMinor: 333, debtNettedMinor: 333, netPayoutMinor: 0, carriedDebtMinor: 667 });
    expect(exit).toMatchObject({ paidMinor: 0, loanFundCashAfterMinor: 1_000, sharesRemaining: 3 });
  });

  it('pays the whole box to a member who holds every share', () => {
    expect(settleMemberExit({ loanFundCashMinor: 500, totalShares: 5, member: member('a', 5) })).toMatchObject({
      paidMinor: 500,
      loanFundCashAfterMinor: 0,
      sharesRemaining: 0,
    });
  });

  it('pays nothing to a member without shares and carries their debt', () => {
    expect(settleMemberExit({ loanFundCashMinor: 500, totalShares: 0, member: member('a', 0, 70) })).toMatchObject({
      paidMinor: 0,
      loanFundCashAfterMinor: 500,
      line: { carriedDebtMinor: 70 },
    });
  });

  it('refuses a member holding more shares than the cycle has', () => {
    const error = domainErrorOf(() => settleMemberExit({ loanFundCashMinor: 500, totalShares: 4, member: member('a', 5) }));
    expect(error.code).toBe('EXIT_SHARES_EXCEED_TOTAL');
    expect(error.params).toEqual({ memberShares: 5, totalShares: 4 });
  });

  it('refuses malformed figures', () => {
    expect(domainErrorOf(() => settleMemberExit({ loanFundCashMinor: 500, totalShares: 4.5, member: member('a', 1) })).code).toBe(
      'COUNT_NOT_WHOLE',
    );
    expect(domainErrorOf(() => settleMemberExit({ loanFundCashMinor: -1, totalShares: 4, member: member('a', 1) })).code).toBe(
      'AMOUNT_NOT_WHOLE_MINOR_UNITS',
    );
  });

  it(`keeps payout + cash after = cash before and debt netted + carried = debt on generated exits`, () => {
    const next = randomSource(7);
    for (let index = 0; index < 800; index += 1) {
      const shares = next(300);
      const totalShares = shares + next(3_000);
      const loanFundCashMinor = next(10_000_000);
      const debtMinor = next(2) === 0 ? 0 : next(2_000_000);
      const exit = settleMemberExit({ loanFundCashMinor, totalShares, member: member('x', shares, debtMinor) });
      expect(exit.paidMinor + exit.loanFundCashAfterMinor).toBe(loanFundCashMinor);
      expect(exit.paidMinor).toBeLessThanOrEqual(loanFundCashMinor);
      expect(exit.line.debtNettedMinor + exit.line.carriedDebtMinor).toBe(debtMinor);
      expect(exit.line.netPayoutMinor).toBe(exit.line.grossMinor - exit.line.debtNettedMinor);
      expect(exit.sharesRemaining).toBe(totalShares - shares);
      if (exit.line.carriedDebtMinor > 0) expect(exit.paidMinor).toBe(0);
      if (debtMinor === 0 && totalShares > 0) {
        expect(exit.paidMinor).toBe(Number((BigInt(loanFundCashMinor) * BigInt(shares)) / BigInt(totalShares)));
      }
    }
  });
});
