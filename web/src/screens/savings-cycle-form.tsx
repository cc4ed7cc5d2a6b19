import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Field, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { t, type MessageKey } from '../i18n/i18n';
import { cycleRulesBody, defaultRulesText, type CycleRulesField, type CycleRulesText } from '../rules/cycle-rules-form';
import { fineLabel } from './savings-words';

const CURRENCIES = ['USD', 'CDF', 'XAF', 'XOF', 'GNF', 'SLE', 'ZMW', 'RWF', 'UGX', 'TZS', 'EUR'] as const;

/** A year from the start, the usual length of a cycle. */
function aYearAfter(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${Number(year) + 1}-${month}-${day}`;
}

/** Starting a cycle: its dates and the rules the group agreed for it, in the group's words. */
export function StartCycleForm({ groupId, onStarted }: { readonly groupId: string; readonly onStarted: (cycleId: string) => void }) {
  const cooperative = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}', { params: { path: cooperativePath() } })), []);
  const [startsOn, setStartsOn] = useState(today());
  const [plannedEndOn, setPlannedEndOn] = useState(aYearAfter(today()));
  const [typed, setTyped] = useState<CycleRulesText | null>(null);
  const [wrong, setWrong] = useState<readonly CycleRulesField[]>([]);
  const text = typed ?? defaultRulesText(cooperative.data?.defaultCurrency ?? 'USD');
  const set = (patch: Partial<CycleRulesText>): void => setTyped({ ...text, ...patch });
  const { busy, error, run } = useAction(async () => {
    const result = cycleRulesBody(text);
    setWrong(result.wrong);
    if (!result.body) return;
    const cycle = await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/cycles', {
        params: { path: { ...cooperativePath(), groupId } },
        body: { startsOn, plannedEndOn, rules: { ...result.body, fineTypes: [...result.body.fineTypes] } },
      }),
    );
    onStarted(cycle.id);
  });
  const field = (name: keyof CycleRulesText, label: string, hint?: string) => (
    <Field
      label={label}
      value={text[name] as string}
      onValue={(value) => set({ [name]: value })}
      inputMode="decimal"
      hint={wrong.includes(name) ? t('cycleRules.unreadable') : hint}
      invalid={wrong.includes(name)}
    />
  );
  return (
    <form class="start-cycle" aria-labelledby="start-cycle" onSubmit={submitTo(run)}>
      <h2 id="start-cycle">{t('cycleRules.title')}</h2>
      <Field label={t('cycleRules.startsOn')} value={startsOn} onValue={(value) => (setStartsOn(value), value && setPlannedEndOn(aYearAfter(value)))} type="date" required />
      <Field label={t('cycleRules.plannedEndOn')} value={plannedEndOn} onValue={setPlannedEndOn} type="date" required />
      <Select label={t('cycleRules.currency')} value={text.currency} onValue={(currency) => set({ currency })} options={CURRENCIES.map((code) => ({ value: code, label: code }))} />
      {field('sharePrice', t('cycleRules.sharePrice', { currency: text.currency }))}
      {field('minShares', t('cycleRules.minShares'))}
      {field('maxShares', t('cycleRules.maxShares'))}
      {field('socialContribution', t('cycleRules.socialContribution', { currency: text.currency }), t('cycleRules.socialHint'))}
      <label class="check">
        <input type="checkbox" checked={text.shareOutSocialFund} onChange={(event) => set({ shareOutSocialFund: event.currentTarget.checked })} />
        {t('cycleRules.shareOutSocialFund')}
      </label>
      <fieldset>
        <legend>{t('cycleRules.loans')}</legend>
        {field('loanCapMultiple', t('cycleRules.loanCapMultiple'), t('cycleRules.loanCapHint'))}
        {field('maxLoanTermMonths', t('cycleRules.maxLoanTermMonths'))}
        {field('serviceChargePercent', t('cycleRules.serviceChargePercent'))}
        <Select
          label={t('cycleRules.method')}
          value={text.serviceChargeMethod}
          onValue={(method) => set({ serviceChargeMethod: method as 'flat' | 'declining' })}
          options={(['flat', 'declining'] as const).map((value) => ({ value, label: t(`cycleRules.method.${value}` as MessageKey) }))}
        />
      </fieldset>
      <fieldset>
        <legend>{t('cycleRules.fines')}</legend>
        {text.fines.map((fine, index) => (
          <Field
            key={fine.code}
            label={t('cycleRules.fineAmount', { label: fineLabel(fine.code), currency: text.currency })}
            value={fine.amount}
            onValue={(amount) => set({ fines: text.fines.map((other, at) => (at === index ? { ...other, amount } : other)) })}
            inputMode="decimal"
            hint={wrong.includes(`fines.${index}`) ? t('cycleRules.unreadable') : t('cycleRules.fineHint')}
            invalid={wrong.includes(`fines.${index}`)}
          />
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? t('common.loading') : t('cycleRules.start')}
      </button>
      {wrong.length > 0 && (
        <p class="notice error" role="alert">
          {t('cycleRules.fixFields')}
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}
