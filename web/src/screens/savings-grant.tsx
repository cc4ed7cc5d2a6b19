import { useEffect, useState } from 'preact/hooks';
import { Field } from '../components/ui';
import { t } from '../i18n/i18n';
import { parseAmountToMinor } from '../money';
import type { MemberLine } from '../rules/meeting-batch';

/** Help paid to a member out of the social fund at this meeting, with what it is for. */
export function SocialGrantFields({ line, currency, update }: { readonly line: MemberLine; readonly currency: string; readonly update: (patch: Partial<MemberLine>) => void }) {
  const [amount, setAmount] = useState('');
  // The meeting was recorded and its lines emptied: so is the typed amount.
  useEffect(() => {
    if (line.socialGrantMinor === 0 && (parseAmountToMinor(amount, currency) ?? 0) > 0) setAmount('');
  }, [line.socialGrantMinor]);
  const unreadable = amount.trim() !== '' && parseAmountToMinor(amount, currency) === null;
  return (
    <div class="grant-line" role="group" aria-label={t('savings.grant')}>
      <Field
        label={t('savings.grantAmount', { currency })}
        value={amount}
        onValue={(text) => (setAmount(text), update({ socialGrantMinor: parseAmountToMinor(text, currency) ?? 0 }))}
        inputMode="decimal"
        invalid={unreadable}
        hint={unreadable ? t('cycleRules.unreadable') : undefined}
      />
      <Field label={t('savings.grantPurpose')} value={line.socialGrantPurpose} onValue={(socialGrantPurpose) => update({ socialGrantPurpose })} required={line.socialGrantMinor > 0} />
    </div>
  );
}
