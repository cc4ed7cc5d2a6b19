import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Select, submitTo, useAction } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, formatMoney, t } from '../i18n/i18n';
import { hasRole } from '../session';
import { memberChoices, memberName } from './savings-words';

interface CycleRef {
  readonly group: Schema<'SavingsGroupDetailView'>;
  readonly cycle: Schema<'SavingsCycleView'>;
}

/** A member leaving mid-cycle: the settlement previewed on a day, then paid out with a reason. */
export function MemberExitPanel({ data, reload }: { readonly data: CycleRef; readonly reload: () => void }) {
  const { group, cycle } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const [memberId, setMemberId] = useState('');
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const [exit, setExit] = useState<Schema<'SavingsMemberExitView'> | null>(null);
  const path = { ...cooperativePath(), groupId: group.id, cycleId: cycle.id, memberId };
  const preview = useAction(async () => {
    setExit(await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/members/{memberId}/exit', { params: { path, query: { on } } })));
  });
  const confirm = useAction(async () => {
    setExit(await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles/{cycleId}/members/{memberId}/exit', { params: { path }, body: { on, reason: reason.trim() } })));
    reload();
  });
  if (!hasRole('admin', 'treasurer') || cycle.status === 'closed') return null;
  return (
    <section aria-labelledby="member-exit">
      <details>
        <summary id="member-exit">{t('exit.title')}</summary>
        <form onSubmit={submitTo(preview.run)}>
          <Select
            label={t('exit.member')}
            value={memberId}
            onValue={(value) => (setMemberId(value), setExit(null))}
            options={memberChoices(group)}
            required
          />
          <Field label={t('exit.on')} value={on} onValue={(value) => (setOn(value), setExit(null))} type="date" required />
          <button type="submit" class="secondary" disabled={preview.busy || !memberId}>
            {t('exit.preview')}
          </button>
          <ErrorNotice error={preview.error} />
        </form>
        {exit && (
          <div class="exit-settlement" data-status={exit.status}>
            <p>
              <strong>{exit.status === 'confirmed' ? t('exit.recorded', { name: memberName(group, exit.memberId), on: formatDate(exit.on) }) : t('exit.previewOf', { name: memberName(group, exit.memberId) })}</strong>
            </p>
            <p>{t('exit.shares', { shares: exit.line.shares, gross: money(exit.line.grossMinor), debt: money(exit.line.debtMinor) })}</p>
            <p data-testid="exit-cash">{t('exit.cash', { cash: money(exit.line.cashToMemberMinor) })}</p>
            {exit.line.carriedDebtMinor > 0 && <p class="alert">{t('exit.carried', { debt: money(exit.line.carriedDebtMinor) })}</p>}
            <p>{t('exit.fundAfter', { before: money(exit.loanFundCashBeforeMinor), after: money(exit.loanFundCashAfterMinor) })}</p>
            {exit.status !== 'confirmed' && (
              <form onSubmit={submitTo(confirm.run)}>
                <Field label={t('exit.reason')} value={reason} onValue={setReason} required />
                <button type="submit" disabled={confirm.busy || !reason.trim()}>
                  {t('exit.confirm', { cash: money(exit.line.cashToMemberMinor) })}
                </button>
                <ErrorNotice error={confirm.error} />
              </form>
            )}
          </div>
        )}
      </details>
    </section>
  );
}
