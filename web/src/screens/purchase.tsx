import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, PdfButton, ProblemNotice, Screen, Select, useAction, useLoad, submitTo } from '../components/ui';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatMoney, t, useLanguage } from '../i18n/i18n';
import { parseAmountToMinor } from '../money';
import { submit, type QueuedWrite } from '../offline/queue';
import { keptOnPhone } from '../store';
import { searchMiners } from './members';

type MinerSummary = Schema<'MinerSummaryView'>;
/** What the purchase form needs of the cooperative, kept on the phone for offline use. */
type CooperativeFacts = Pick<Schema<'CooperativeView'>, 'defaultCurrency' | 'minerals'>;

async function cooperativeFacts(): Promise<CooperativeFacts> {
  const facts = await keptOnPhone(`ushirika.cooperative.${cooperativePath().cooperativeId}`, async () => {
    const cooperative = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}', { params: { path: cooperativePath() } }));
    return { defaultCurrency: cooperative.defaultCurrency, minerals: cooperative.minerals };
  });
  return facts;
}

/** Picks the seller by member number or name; offline, the last list found stays usable. */
function SellerPicker({ seller, onSeller }: { readonly seller: MinerSummary | null; readonly onSeller: (miner: MinerSummary | null) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MinerSummary[]>([]);
  const { busy, error, run } = useAction(async () => {
    setFound(await keptOnPhone(`ushirika.sellers.${q.trim().toLowerCase()}`, () => searchMiners(q)));
  });
  if (seller) {
    return (
      <p class="chosen">
        {t('purchase.seller')}: <strong>{`${seller.firstName} ${seller.lastName}`}</strong> ({seller.memberNumber}){' '}
        <button type="button" class="link" onClick={() => onSeller(null)}>
          {t('common.change')}
        </button>
      </p>
    );
  }
  return (
    <div class="seller">
      <Field label={t('purchase.findSeller')} value={q} onValue={setQ} type="search" />
      <button type="button" class="secondary" disabled={busy || !q.trim()} onClick={() => void run()}>
        {t('members.searchButton')}
      </button>
      <ErrorNotice error={error} />
      <ul class="list">
        {found.map((miner) => (
          <li key={miner.id}>
            <button type="button" class="row" onClick={() => onSeller(miner)}>
              <strong>{`${miner.firstName} ${miner.lastName}`}</strong>
              <span>{miner.memberNumber}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

const EMPTY = { grossKg: '', netKg: '', gradePercent: '', moisturePercent: '', unitPrice: '', tagId: '', paymentReference: '' };

export function RecordPurchase() {
  useLanguage();
  const facts = useLoad(cooperativeFacts, []);
  const [seller, setSeller] = useState<MinerSummary | null>(null);
  const [siteId, setSiteId] = useState('');
  const [mineral, setMineral] = useState('');
  const [priceBasis, setPriceBasis] = useState('per_unit_contained_metal');
  const [paymentMethod, setPaymentMethod] = useState('cash');
  const [form, setForm] = useState(EMPTY);
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const field = (name: keyof typeof EMPTY) => ({ value: form[name], onValue: (value: string) => setForm({ ...form, [name]: value }) });
  const currency = facts.data?.defaultCurrency ?? 'USD';
  const chosenMineral = mineral || facts.data?.minerals[0] || '';
  const { busy, error, run, setError } = useAction(async () => {
    const unitPriceMinor = parseAmountToMinor(form.unitPrice, currency);
    if (!seller || !siteId || unitPriceMinor === null) {
      setError(new Error('form'));
      return;
    }
    const decimal = (value: string): string => value.trim().replace(',', '.');
    const optional = (value: string): string | undefined => decimal(value) || undefined;
    const write = await submit({
      kind: 'purchase',
      label: `${t('nav.purchase')} ${seller.memberNumber} ${form.netKg} kg`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases`,
      body: {
      sellerId: seller.id,
      siteId,
      mineral: chosenMineral,
      grossMass: { value: decimal(form.grossKg || form.netKg), unit: 'kg' },
      netMass: { value: decimal(form.netKg), unit: 'kg' },
      gradePercent: optional(form.gradePercent),
      moisturePercent: optional(form.moisturePercent),
      unitPriceMinor,
      priceBasis,
      currency,
      paymentMethod,
      paymentReference: form.paymentReference.trim() || undefined,
      tagId: form.tagId.trim(),
      capturedAt: new Date().toISOString(),
      },
    });
    setOutcome(write);
    if (write.state !== 'rejected') {
      setForm(EMPTY);
      setSeller(null);
    }
  });
  const purchase = outcome?.state === 'done' ? (outcome.result as Schema<'PurchaseView'>) : null;
  return (
    <Screen title={t('purchase.title')}>
      <ErrorNotice error={facts.error} />
      <form
        onSubmit={submitTo(run)}
      >
        <SellerPicker seller={seller} onSeller={setSeller} />
        <SitePicker siteId={siteId} onSite={setSiteId} />
        <Select label={t('purchase.mineral')} value={chosenMineral} onValue={setMineral} options={(facts.data?.minerals ?? []).map((value) => ({ value, label: value }))} />
        <Field label={t('purchase.netKg')} {...field('netKg')} inputMode="decimal" required pattern="\d+([.,]\d+)?" />
        <Field label={t('purchase.grossKg')} {...field('grossKg')} inputMode="decimal" pattern="\d+([.,]\d+)?" />
        <Field label={t('purchase.grade')} {...field('gradePercent')} inputMode="decimal" pattern="\d+([.,]\d+)?" />
        <Field label={t('purchase.moisture')} {...field('moisturePercent')} inputMode="decimal" pattern="\d+([.,]\d+)?" />
        <Select
          label={t('purchase.priceBasis')}
          value={priceBasis}
          onValue={setPriceBasis}
          options={[
            { value: 'per_unit_contained_metal', label: t('purchase.perMetal') },
            { value: 'per_unit_net_mass', label: t('purchase.perNet') },
          ]}
        />
        <Field label={t('purchase.unitPrice', { currency })} {...field('unitPrice')} inputMode="decimal" required />
        <Select
          label={t('purchase.payment')}
          value={paymentMethod}
          onValue={setPaymentMethod}
          options={[
            { value: 'cash', label: t('purchase.cash') },
            { value: 'mobile_money', label: t('purchase.mobileMoney') },
          ]}
        />
        <Field label={t('purchase.paymentReference')} {...field('paymentReference')} />
        <Field label={t('purchase.tag')} {...field('tagId')} required />
        <button type="submit" disabled={busy || !seller}>
          {busy ? t('common.loading') : t('purchase.save')}
        </button>
        {error instanceof Error && error.message === 'form' ? <p class="notice error" role="alert">{t('purchase.incomplete')}</p> : <ErrorNotice error={error} />}
      </form>
      {outcome?.state === 'pending' && (
        <p class="notice info" role="status">
          {t('purchase.queued')}
        </p>
      )}
      {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
      {purchase && (
        <div class="notice success" role="status">
          <p>
            {t('purchase.recorded', { lot: purchase.lotNumber ?? '—', sequence: purchase.sequence })}
            {purchase.amountMinor !== null && purchase.currency !== null && ` — ${formatMoney(purchase.amountMinor, purchase.currency)}`}
          </p>
          <PdfButton
            path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases/${purchase.id}/receipt.pdf`}
            fileName={`recu-${purchase.lotNumber}.pdf`}
            label={t('purchase.receipt')}
          />
        </div>
      )}
    </Screen>
  );
}
