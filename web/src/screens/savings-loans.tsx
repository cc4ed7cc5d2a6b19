import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDate, formatMoney, t, type MessageKey } from '../i18n/i18n';
import { hasRole } from '../session';
import { memberName } from './savings-words';

type SavingsGroup = Schema<'SavingsGroupDetailView'>;
type Loan = Schema<'SavingsLoanView'>;

interface CycleRef {
  readonly group: SavingsGroup;
  readonly cycle: Schema<'SavingsCycleView'>;
  readonly meetings: Schema<'SavingsMeetingView'>[];
  readonly loans: Loan[];
}

/** A loan's state as the treasurer says it: running, late by so many days, repaid, written off. */
function stateOf(loan: Loan): string {
  if (loan.state === 'overdue' || loan.overdue) return t('loans.state.overdue', { days: loan.daysOverdue });
  return t(`loans.state.${loan.state}` as MessageKey);
}

/** Every loan of the cycle, late ones first; one opens on its schedule, its repayments and a write-off. */
export function LoansPanel({ data, reload }: { readonly data: CycleRef; readonly reload: () => void }) {
  const { group, cycle, loans } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const [openId, setOpenId] = useState<string | null>(null);
  const order = (loan: Loan): number => (loan.overdue ? 0 : loan.state === 'current' ? 1 : 2);
  const sorted = [...loans].sort((a, b) => order(a) - order(b) || b.daysOverdue - a.daysOverdue || a.disbursedOn.localeCompare(b.disbursedOn));
  const late = loans.filter((loan) => loan.overdue);
  return (
    <section aria-labelledby="loans">
      <h2 id="loans">{t('loans.title', { count: loans.length })}</h2>
      {loans.length === 0 && <p>{t('loans.none')}</p>}
      {late.length > 0 && (
        <p class="notice info" role="status">
          {t('loans.late', { count: late.length, total: money(late.reduce((sum, loan) => sum + loan.balance.totalOutstandingMinor, 0)) })}
        </p>
      )}
      <ul class="list loans">
        {sorted.map((loan) => (
          <li key={loan.id} data-state={loan.overdue ? 'overdue' : loan.state}>
            <button type="button" class="link" aria-expanded={openId === loan.id} onClick={() => setOpenId(openId === loan.id ? null : loan.id)}>
              <strong>{memberName(group, loan.memberId)}</strong> · {money(loan.principalMinor)} ·{' '}
              {loan.carriedFromCycleId ? <em class="carried">{t('carried.tag')}</em> : formatDate(loan.disbursedOn)}
            </button>
            <small class={loan.overdue ? 'alert' : undefined}>
              {stateOf(loan)} · {t('loans.left', { left: money(loan.balance.totalOutstandingMinor), due: formatDate(loan.termEndsOn) })}
            </small>
            {openId === loan.id && <LoanDetail data={data} loan={loan} onWrittenOff={() => (setOpenId(null), reload())} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LoanDetail({ data, loan, onWrittenOff }: { readonly data: CycleRef; readonly loan: Loan; readonly onWrittenOff: () => void }) {
  const { group, cycle, meetings } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const path = { ...cooperativePath(), groupId: group.id, cycleId: cycle.id, loanId: loan.id };
  const detail = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/loans/{loanId}', { params: { path } })), [loan.id]);
  const [form, setForm] = useState({ meetingId: meetings.at(-1)?.id ?? '', reason: '', decisionRef: '' });
  const writeOff = useAction(async () => {
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/loans/{loanId}/write-off', {
        params: { path },
        body: { meetingId: form.meetingId, reason: form.reason.trim(), ...(form.decisionRef.trim() ? { decisionRef: form.decisionRef.trim() } : {}) },
      }),
    );
    onWrittenOff();
  });
  if (detail.error) return <ErrorNotice error={detail.error} />;
  if (!detail.data) return <Loading />;
  const loanDetail = detail.data;
  const open = loan.state !== 'repaid' && loan.state !== 'written_off';
  return (
    <div class="loan-detail">
      <p>
        {loan.carriedFromCycleId
          ? t('carried.terms', { on: formatDate(loan.disbursedOn) })
          : t('loans.terms', {
              months: loan.termMonths,
              rate: (loanDetail.serviceChargeRateBpPerMonth / 100).toLocaleString(),
              method: t(`cycleRules.method.${loanDetail.serviceChargeMethod}` as MessageKey),
            })}
      </p>
      <p>
        {t('loans.paid', { principal: money(loanDetail.balance.principalPaidMinor), charge: money(loanDetail.balance.serviceChargePaidMinor) })}
      </p>
      <table>
        <caption>{t('loans.schedule')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('loans.dueOn')}</th>
            <th scope="col">{t('loans.principal')}</th>
            <th scope="col">{t('loans.charge')}</th>
            <th scope="col">{t('loans.total')}</th>
          </tr>
        </thead>
        <tbody>
          {loanDetail.schedule.rows.map((row) => (
            <tr key={row.period}>
              <td>{formatDate(row.dueOn)}</td>
              <td>{money(row.principalDueMinor)}</td>
              <td>{money(row.serviceChargeDueMinor)}</td>
              <td>{money(row.totalDueMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loan.writeOff && <p class="notice info">{t('loans.writtenOff', { reason: (loan.writeOff as { reason: string }).reason })}</p>}
      {open && hasRole('admin', 'treasurer') && meetings.length > 0 && (
        <details>
          <summary>{t('loans.writeOff')}</summary>
          <form onSubmit={submitTo(writeOff.run)}>
            <p>{t('loans.writeOffHint')}</p>
            <Select
              label={t('loans.decidedAt')}
              value={form.meetingId}
              onValue={(meetingId) => setForm({ ...form, meetingId })}
              options={[...meetings].reverse().map((meeting) => ({ value: meeting.id, label: formatDate(meeting.heldOn) }))}
            />
            <Field label={t('loans.reason')} value={form.reason} onValue={(reason) => setForm({ ...form, reason })} required />
            <Field label={t('loans.decisionRef')} value={form.decisionRef} onValue={(decisionRef) => setForm({ ...form, decisionRef })} />
            <button type="submit" disabled={writeOff.busy || !form.reason.trim()}>
              {t('loans.confirmWriteOff', { left: money(loan.balance.totalOutstandingMinor) })}
            </button>
            <ErrorNotice error={writeOff.error} />
          </form>
        </details>
      )}
    </div>
  );
}
