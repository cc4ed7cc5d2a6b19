import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, PdfButton, ProblemNotice, Screen, Select, useAction, useLoad, submitTo } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, formatMoney, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { parseAmountToMinor } from '../money';
import { submit, type QueuedWrite } from '../offline/queue';
import { hasRole } from '../session';
import { describeMovement, fineLabel, gapSentence, memberName } from './savings-words';
import { LoansPanel } from './savings-loans';
import { SocialGrantFields } from './savings-grant';
import { Indicators } from './savings-indicators';
import { MemberExitPanel } from './savings-exit';
import { emptyLine, meetingBatch, previewBalances, type AttendanceStatus, type MemberLine } from '../rules/meeting-batch';

type SavingsGroup = Schema<'SavingsGroupDetailView'>;
type Loan = Schema<'SavingsLoanView'>;

const ATTENDANCE: readonly AttendanceStatus[] = ['present', 'late', 'absent_with_leave', 'absent', 'represented'];

interface CycleData {
  readonly group: SavingsGroup;
  readonly cycle: Schema<'SavingsCycleView'>;
  readonly meetings: Schema<'SavingsMeetingView'>[];
  readonly loans: Loan[];
}

async function loadCycle(groupId: string, cycleId: string): Promise<CycleData> {
  const path = { ...cooperativePath(), groupId, cycleId };
  const [group, meetings, loans] = await Promise.all([
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}', { params: { path } })),
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/meetings', { params: { path } })),
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/loans', { params: { path } })),
  ]);
  const cycle = group.cycles.find((candidate) => candidate.id === cycleId);
  if (!cycle) throw new Error('cycle');
  return { group, cycle, meetings, loans: loans.loans };
}

export function MeetingScreen({ groupId, cycleId }: { readonly groupId: string; readonly cycleId: string }) {
  useLanguage();
  const data = useLoad(() => loadCycle(groupId, cycleId), [groupId, cycleId]);
  if (data.error) return <ErrorNotice error={data.error} />;
  if (!data.data) return <Loading />;
  return <MeetingForm data={data.data} reload={data.reload} />;
}

function MeetingForm({ data, reload }: { readonly data: CycleData; readonly reload: () => void }) {
  const { group, cycle, meetings, loans } = data;
  const rules = cycle.rules;
  const money = (minor: number): string => formatMoney(minor, rules.currency);
  const canRecord = hasRole('admin', 'treasurer');
  const before = meetings.at(-1)?.balances ?? { loanFundMinor: 0, socialFundMinor: 0 };
  const [heldOn, setHeldOn] = useState(today());
  const [lines, setLines] = useState<MemberLine[]>(() => group.members.map((member) => emptyLine(member.id)));
  const [amounts, setAmounts] = useState<Record<string, { loan: string; repayment: string }>>({});
  const [cash, setCash] = useState({ loanFund: '', socialFund: '', countedBy: '' });
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const update = (memberId: string, patch: Partial<MemberLine>): void =>
    setLines(lines.map((line) => (line.memberId === memberId ? { ...line, ...patch } : line)));
  const setAmount = (memberId: string, which: 'loan' | 'repayment', text: string): void => {
    setAmounts({ ...amounts, [memberId]: { ...(amounts[memberId] ?? { loan: '', repayment: '' }), [which]: text } });
    const minor = parseAmountToMinor(text, rules.currency) ?? 0;
    update(memberId, which === 'loan' ? { loanMinor: minor } : { repaymentMinor: minor });
  };
  const after = previewBalances(before, rules, lines);
  const [gapAccepted, setGapAccepted] = useState(false);
  const countedLoan = parseAmountToMinor(cash.loanFund, rules.currency);
  const countedSocial = parseAmountToMinor(cash.socialFund, rules.currency);
  const gaps = [
    ...(cash.loanFund.trim() && countedLoan !== null && countedLoan !== after.loanFundMinor ? [gapSentence('loan_fund', countedLoan, after.loanFundMinor, money)] : []),
    ...(cash.socialFund.trim() && countedSocial !== null && countedSocial !== after.socialFundMinor ? [gapSentence('social_fund', countedSocial, after.socialFundMinor, money)] : []),
  ];
  const [jump, setJump] = useState('');
  const jumpTo = (memberId: string): void => {
    setJump(memberId);
    const target = document.getElementById(`member-${memberId}`);
    target?.scrollIntoView({ block: 'start' });
    target?.querySelector<HTMLElement>('select, input')?.focus({ preventScroll: true });
  };
  const { busy, error, run } = useAction(async () => {
    if (gaps.length > 0 && !gapAccepted) return;
    const loanFundMinor = parseAmountToMinor(cash.loanFund, rules.currency);
    const socialFundMinor = parseAmountToMinor(cash.socialFund, rules.currency);
    const counted = loanFundMinor !== null && socialFundMinor !== null && cash.countedBy.trim() ? { loanFundMinor, socialFundMinor, countedBy: cash.countedBy.trim() } : null;
    const batch = meetingBatch(heldOn, rules, lines, counted);
    const write = await submit({
      kind: 'meeting',
      label: `${group.name} ${heldOn}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/savings-groups/${group.id}/cycles/${cycle.id}/meetings`,
      body: { ...batch },
    });
    setOutcome(write);
    if (write.state === 'done') {
      setLines(group.members.map((member) => emptyLine(member.id)));
      setAmounts({});
      setCash({ loanFund: '', socialFund: '', countedBy: '' });
      setGapAccepted(false);
      reload();
    }
  });
  const openLoans = (memberId: string): Loan[] => loans.filter((loan) => loan.memberId === memberId && loan.state !== 'repaid' && loan.state !== 'written_off');
  return (
    <Screen title={`${group.name} — ${t('savings.meeting')}`}>
      <p>{t('savings.rules', { share: money(rules.sharePriceMinor), social: money(rules.socialFundContributionMinor) })}</p>
      <div class="balances" role="status" aria-live="polite">
        <p>
          {t('savings.loanFund')}: <strong data-testid="loan-fund">{money(after.loanFundMinor)}</strong>
        </p>
        <p>
          {t('savings.socialFund')}: <strong data-testid="social-fund">{money(after.socialFundMinor)}</strong>
        </p>
      </div>
      {canRecord && (
        <form
          onSubmit={submitTo(run)}
        >
          <Field label={t('savings.heldOn')} value={heldOn} onValue={setHeldOn} type="date" required />
          {group.members.length > 5 && (
            <Select
              label={t('savings.jumpTo')}
              value={jump}
              onValue={(memberId) => memberId && jumpTo(memberId)}
              options={[{ value: '', label: '—' }, ...group.members.map((member) => ({ value: member.id, label: `${member.firstName} ${member.lastName}` }))]}
            />
          )}
          {lines.map((line) => {
            const name = memberName(group, line.memberId);
            const memberLoans = openLoans(line.memberId);
            const moneyLine = line.loanMinor > 0 || line.repaymentMinor > 0 || line.socialGrantMinor > 0;
            return (
              <fieldset key={line.memberId} id={`member-${line.memberId}`} class="member-line" data-member={name}>
                <legend>{name}</legend>
                <Select
                  label={t('savings.attendance')}
                  value={line.attendance}
                  onValue={(value) => update(line.memberId, { attendance: value as AttendanceStatus })}
                  options={ATTENDANCE.map((value) => ({ value, label: t(`attendance.${value}` as MessageKey) }))}
                />
                <Field
                  label={t('savings.shares')}
                  value={String(line.shares)}
                  onValue={(value) => update(line.memberId, { shares: Math.max(0, Math.trunc(Number(value) || 0)) })}
                  type="number"
                  min={0}
                  max={rules.maxSharesPerMeeting}
                  inputMode="numeric"
                />
                <label class="check">
                  <input type="checkbox" checked={line.socialFund} onChange={(event) => update(line.memberId, { socialFund: event.currentTarget.checked })} />
                  {t('savings.socialContribution', { amount: money(rules.socialFundContributionMinor) })}
                </label>
                {rules.fineTypes.map((fine) => (
                  <label key={fine.code} class="check">
                    <input
                      type="checkbox"
                      checked={line.fineCodes.includes(fine.code)}
                      onChange={(event) =>
                        update(line.memberId, {
                          fineCodes: event.currentTarget.checked ? [...line.fineCodes, fine.code] : line.fineCodes.filter((code) => code !== fine.code),
                        })
                      }
                    />
                    {t('savings.fine', { label: fineLabel(fine.code), amount: money(fine.amountMinor) })}
                  </label>
                ))}
                <details class="loan-line" open={moneyLine || undefined}>
                  <summary>
                    {t('savings.loanOrRepayment')}
                    <small>{memberLoans.length > 0 ? t('savings.openLoans', { count: memberLoans.length }) : t('savings.tapToOpen')}</small>
                  </summary>
                  <Field label={t('savings.loan', { currency: rules.currency })} value={amounts[line.memberId]?.loan ?? ''} onValue={(value) => setAmount(line.memberId, 'loan', value)} inputMode="decimal" />
                  <Field
                    label={t('savings.term')}
                    value={String(line.loanTermMonths)}
                    onValue={(value) => update(line.memberId, { loanTermMonths: Math.max(1, Math.trunc(Number(value) || 1)) })}
                    type="number"
                    min={1}
                    max={rules.maxLoanTermMonths}
                  />
                  {memberLoans.length > 0 && (
                    <>
                      <Select
                        label={t('savings.repaymentLoan')}
                        value={line.repaymentLoanId ?? ''}
                        onValue={(value) => update(line.memberId, { repaymentLoanId: value || null })}
                        options={[
                          { value: '', label: '—' },
                          ...memberLoans.map((loan) => ({
                            value: loan.id,
                            label: loan.carriedFromCycleId
                              ? t('carried.loanOption', { left: money(loan.balance.totalOutstandingMinor) })
                              : t('savings.loanOption', { principal: money(loan.principalMinor), on: formatDate(loan.disbursedOn), left: money(loan.balance.totalOutstandingMinor) }),
                          })),
                        ]}
                      />
                      <Field
                        label={t('savings.repayment', { currency: rules.currency })}
                        value={amounts[line.memberId]?.repayment ?? ''}
                        onValue={(value) => setAmount(line.memberId, 'repayment', value)}
                        inputMode="decimal"
                      />
                    </>
                  )}
                  <SocialGrantFields line={line} currency={rules.currency} update={(patch) => update(line.memberId, patch)} />
                </details>
              </fieldset>
            );
          })}
          <fieldset>
            <legend>{t('savings.cashCount')}</legend>
            <Field label={t('savings.countedLoanFund', { currency: rules.currency })} value={cash.loanFund} onValue={(value) => setCash({ ...cash, loanFund: value })} inputMode="decimal" />
            <Field label={t('savings.countedSocialFund', { currency: rules.currency })} value={cash.socialFund} onValue={(value) => setCash({ ...cash, socialFund: value })} inputMode="decimal" />
            <Field label={t('savings.countedBy')} value={cash.countedBy} onValue={(value) => setCash({ ...cash, countedBy: value })} />
            {gaps.length > 0 && (
              <div class="notice info cash-gap" role="alert">
                {gaps.map((sentence) => (
                  <p key={sentence}>{sentence}</p>
                ))}
                <p>{t('savings.gap.recount')}</p>
                <label class="check">
                  <input type="checkbox" checked={gapAccepted} onChange={(event) => setGapAccepted(event.currentTarget.checked)} />
                  {t('savings.gap.accept')}
                </label>
              </div>
            )}
          </fieldset>
          <button type="submit" disabled={busy || (gaps.length > 0 && !gapAccepted)}>
            {busy ? t('common.loading') : t('savings.submit')}
          </button>
          <ErrorNotice error={error} />
        </form>
      )}
      {outcome?.state === 'pending' && (
        <p class="notice info" role="status">
          {t('savings.queued')}
        </p>
      )}
      {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
      {outcome?.state === 'done' && (
        <p class="notice success" role="status">
          {t('savings.recorded')}
        </p>
      )}
      <PastMeetings data={data} reload={reload} />
      <LoansPanel data={data} reload={reload} />
      <Indicators data={data} />
      <MemberExitPanel data={data} reload={reload} />
      <ShareOutPanel data={data} />
      <Passbooks data={data} />
    </Screen>
  );
}

function PastMeetings({ data, reload }: { readonly data: CycleData; readonly reload: () => void }) {
  const { group, cycle, meetings } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const [reversing, setReversing] = useState<{ meetingId: string; movementId: string } | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const reversed = new Set(meetings.flatMap((meeting) => meeting.movements.map((movement) => movement.reversesMovementId)).filter(Boolean));
  const { busy, error, run } = useAction(async () => {
    if (!reversing) return;
    const write = await submit({
      kind: 'correction',
      label: `${group.name}: ${t('savings.reverse')}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/savings-groups/${group.id}/cycles/${cycle.id}/meetings/${reversing.meetingId}/corrections`,
      body: { movementId: reversing.movementId, reason: reason.trim() },
      clientId: false,
    });
    setOutcome(write);
    if (write.state === 'done') {
      setReversing(null);
      setReason('');
      reload();
    }
  });
  return (
    <section aria-labelledby="past-meetings">
      <h2 id="past-meetings">{t('savings.pastMeetings')}</h2>
      {meetings.length === 0 && <p>{t('savings.noMeetings')}</p>}
      {[...meetings].reverse().map((meeting) => (
        <details key={meeting.id} class="meeting">
          <summary>
            {formatDate(meeting.heldOn)} — {t('savings.loanFund')} {money(meeting.closingBalances.loanFundMinor)} · {t('savings.socialFund')} {money(meeting.closingBalances.socialFundMinor)}
          </summary>
          {meeting.cashCounts.map((count) => (
            <p key={count.fund} class={count.outcome === 'balanced' ? undefined : 'alert'}>
              {gapSentence(count.fund, count.countedMinor, count.expectedMinor, money)} ({t('savings.countedByWhom', { who: count.countedBy })})
            </p>
          ))}
          <MeetingActions data={data} meeting={meeting} reload={reload} />
          <ul class="list">
            {meeting.movements.map((movement) => (
              <li key={movement.id} data-kind={movement.kind}>
                <span>{describeMovement(group, movement, money)}</span>
                {hasRole('admin', 'treasurer') && !movement.reversesMovementId && !reversed.has(movement.id) && reversing?.movementId !== movement.id && (
                  <button type="button" class="secondary" onClick={() => (setReversing({ meetingId: meeting.id, movementId: movement.id }), setReason(''))}>
                    {t('savings.reverse')}
                  </button>
                )}
                {reversing?.movementId === movement.id && (
                  <form class="reversal" aria-labelledby={`reversal-${movement.id}`} onSubmit={submitTo(run)}>
                    <p id={`reversal-${movement.id}`}>
                      <strong>{t('savings.reversing', { entry: describeMovement(group, movement, money), on: formatDate(meeting.heldOn) })}</strong>
                    </p>
                    <Field label={t('savings.reverseReason')} value={reason} onValue={setReason} required />
                    <button type="submit" disabled={busy || !reason.trim()}>
                      {t('savings.confirmReverse')}
                    </button>
                    <button type="button" class="secondary" onClick={() => setReversing(null)}>
                      {t('savings.keepEntry')}
                    </button>
                    <ErrorNotice error={error} />
                    {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
                  </form>
                )}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

/** The sheet read aloud at the next meeting; closing the meeting so that no batch is added after. */
function MeetingActions({ data, meeting, reload }: { readonly data: CycleData; readonly meeting: Schema<'SavingsMeetingView'>; readonly reload: () => void }) {
  const close = useAction(async () => {
    await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/meetings/{meetingId}/close', { params: { path: { ...cooperativePath(), groupId: data.group.id, cycleId: data.cycle.id, meetingId: meeting.id } } }));
    reload();
  });
  return (
    <div class="actions">
      <PdfButton path={`${cyclePath(data)}/meetings/${meeting.id}/sheet.pdf`} fileName={`reunion-${meeting.heldOn}.pdf`} label={t('savings.sheet')} />
      {meeting.status === 'open' && hasRole('admin', 'treasurer') && (
        <button type="button" class="secondary" disabled={close.busy} onClick={() => void close.run()}>
          {t('savings.closeMeeting')}
        </button>
      )}
      {meeting.status !== 'open' && <small>{t('savings.meetingClosed')}</small>}
      <ErrorNotice error={close.error} />
    </div>
  );
}

function ShareOutPanel({ data }: { readonly data: CycleData }) {
  const { group, cycle } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const [on, setOn] = useState(today());
  const [preview, setPreview] = useState<Schema<'SavingsShareOutView'> | null>(null);
  const path = { ...cooperativePath(), groupId: group.id, cycleId: cycle.id };
  const load = useAction(async () => {
    setPreview(await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/share-out', { params: { path, query: { on } } })));
  });
  const confirm = useAction(async () => {
    setPreview(await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/share-out', { params: { path }, body: { on } })));
  });
  return (
    <section aria-labelledby="share-out">
      <h2 id="share-out">{t('savings.shareOut')}</h2>
      <Field label={t('savings.shareOutOn')} value={on} onValue={setOn} type="date" />
      <button type="button" class="secondary" disabled={load.busy} onClick={() => void load.run()}>
        {t('savings.preview')}
      </button>
      <ErrorNotice error={load.error ?? confirm.error} />
      {preview && (
        <div class="share-out" data-status={preview.status}>
          <p>
            {preview.status === 'confirmed' ? t('savings.confirmed') : t('savings.previewOnly')} · {t('savings.valuePerShare', { value: money(preview.valuePerShare.displayMinor) })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('savings.member')}</th>
                <th scope="col">{t('savings.shares')}</th>
                <th scope="col">{t('savings.cashToMember')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((line) => (
                <tr key={line.memberId}>
                  <td>{memberName(group, line.memberId)}</td>
                  <td>{line.shares}</td>
                  <td>{money(line.cashToMemberMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t('savings.remainder', { remainder: money(preview.remainderMinor), kept: money(preview.totals.cashKeptForNextCycleMinor) })}</p>
          <PdfButton
            path={`${cyclePath(data)}/share-out.pdf?on=${on}`}
            fileName={`partage-${on}.pdf`}
            label={t('savings.shareOutSheet')}
          />
          {preview.status === 'preview' && hasRole('admin', 'treasurer') && (
            <button type="button" disabled={confirm.busy} onClick={() => void confirm.run()}>
              {t('savings.confirmShareOut')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function cyclePath({ group, cycle }: CycleData): string {
  return `/api/v1/cooperatives/${cooperativePath().cooperativeId}/savings-groups/${group.id}/cycles/${cycle.id}`;
}

/** Each member's passbook for this cycle, to print and hand over. */
function Passbooks({ data }: { readonly data: CycleData }) {
  const { group, cycle } = data;
  const base = `/api/v1/cooperatives/${cooperativePath().cooperativeId}/savings-groups/${group.id}/members`;
  return (
    <section aria-labelledby="passbooks">
      <h2 id="passbooks">{t('savings.passbooks')}</h2>
      <ul>
        {group.members.map((member) => (
          <li key={member.id}>
            <PdfButton
              path={`${base}/${member.id}/passbook.pdf?cycleId=${cycle.id}`}
              fileName={`livret-${member.lastName}-${member.firstName}.pdf`}
              label={t('savings.passbookOf', { name: `${member.firstName} ${member.lastName}` })}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
