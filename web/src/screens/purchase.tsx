import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, PdfButton, ProblemNotice, Screen, Select, useAction, useLoad, submitTo } from '../components/ui';
import { SitePicker } from '../components/site-picker';
import { ProvisionalReceipt, receiptMeta } from '../components/provisional-receipt';
import { cooperativePath } from '../cooperative';
import { formatDecimal, formatMoney, formatNumber, language, t, useLanguage } from '../i18n/i18n';
import { fillTemplate, label } from '../i18n/labels';
import { parseAmountToMinor } from '../money';
import { dismiss, queue, submit, type QueuedWrite } from '../offline/queue';
import { checkPurchase, datedFeeRules, massIn, measurementsOf, mineralNeeds, pricedMassIn, type DraftField, type DraftProblem, type PurchaseDraft } from '../rules/purchase-check';
import { navigate, query } from '../router';
import { keptOnPhone } from '../store';
import { searchMiners } from './members';
import { localDateIn } from '../../../src/common/time-zone';
import type { PriceBasis } from '../../../src/purchases/rules/amount';
import type { PaymentMethod } from '../../../src/purchases/rules/canonical';
import frPurchases from '../../../templates/i18n/fr/purchases.json';
import enPurchases from '../../../templates/i18n/en/purchases.json';
import frCommon from '../../../templates/i18n/fr/common.json';
import enCommon from '../../../templates/i18n/en/common.json';
import frDiamonds from '../../../templates/i18n/fr/diamonds.json';
import enDiamonds from '../../../templates/i18n/en/diamonds.json';

type MinerSummary = Schema<'MinerSummaryView'>;
/** What the purchase form needs of the cooperative, kept on the phone for offline use. */
type CooperativeFacts = Pick<Schema<'CooperativeView'>, 'defaultCurrency' | 'minerals' | 'timezone'> & { readonly feeRules: Schema<'FeeRuleView'>[] };

async function cooperativeFacts(): Promise<CooperativeFacts> {
  return keptOnPhone(`ushirika.cooperative.${cooperativePath().cooperativeId}`, async () => {
    const [cooperative, feeRules] = await Promise.all([
      ok(api.GET('/api/v1/cooperatives/{cooperativeId}', { params: { path: cooperativePath() } })),
      ok(api.GET('/api/v1/cooperatives/{cooperativeId}/fee-rules', { params: { path: cooperativePath() } })),
    ]);
    return { defaultCurrency: cooperative.defaultCurrency, minerals: cooperative.minerals, timezone: cooperative.timezone, feeRules };
  });
}

/** The server's own message for a refusal the form found first, the mineral named in words. */
function problemMessage(problem: DraftProblem): string {
  const catalogue: Record<string, string> = language.get() === 'en' ? { ...enCommon, ...enPurchases, ...enDiamonds } : { ...frCommon, ...frPurchases, ...frDiamonds };
  return fillTemplate(catalogue[`error.${problem.code}`] ?? problem.code, problem.params);
}

/** A seller the server would refuse (not active, no valid card) is said so before weighing. */
function sellerProblem(seller: MinerSummary): string | null {
  if (seller.status !== 'active') return t('purchase.sellerNotActive', { status: label('minerStatus', seller.status) });
  if (seller.cardStatus === 'expired' || seller.cardStatus === 'none' || seller.cardStatus === 'not_yet_valid') return t('purchase.sellerNoCard');
  return null;
}

/** Picks the seller by member number or name; offline, the last list found stays usable. */
function SellerPicker({ seller, onSeller }: { readonly seller: MinerSummary | null; readonly onSeller: (miner: MinerSummary | null) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MinerSummary[]>([]);
  const { busy, error, run } = useAction(async () => {
    setFound(await keptOnPhone(`ushirika.sellers.${q.trim().toLowerCase()}`, () => searchMiners(q)));
  });
  if (seller) {
    const problem = sellerProblem(seller);
    return (
      <div>
        <p class="chosen">
          {t('purchase.seller')}: <strong>{`${seller.firstName} ${seller.lastName}`}</strong> ({seller.memberNumber}){' '}
          <button type="button" class="link" onClick={() => onSeller(null)}>
            {t('common.change')}
          </button>
        </p>
        {problem && (
          <p class="notice error" role="alert">
            {problem}
          </p>
        )}
      </div>
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

const EMPTY = { grossKg: '', netKg: '', gradePercent: '', moisturePercent: '', unitPrice: '', tagId: '', paymentReference: '', stones: '', qualityClass: '', parcelId: '' };
type FormFields = typeof EMPTY;

/** What a queued purchase keeps to be corrected from the queue after a refusal. */
interface Editable {
  readonly seller: MinerSummary;
  readonly siteId: string;
  readonly mineral: string;
  readonly priceBasis: PriceBasis;
  readonly paymentMethod: PaymentMethod;
  readonly form: FormFields;
}

function editableOf(write: QueuedWrite | undefined): Editable | null {
  try {
    return write?.meta?.editable ? (JSON.parse(write.meta.editable) as Editable) : null;
  } catch {
    return null;
  }
}

const FIELD_IDS: Readonly<Record<DraftField, string>> = {
  netKg: 'purchase-net',
  grossKg: 'purchase-gross',
  gradePercent: 'purchase-grade',
  moisturePercent: 'purchase-moisture',
  unitPrice: 'purchase-price',
  paymentReference: 'purchase-reference',
  mineral: 'purchase-mineral',
  priceBasis: 'purchase-basis',
  stones: 'purchase-stones',
  qualityClass: 'purchase-class',
  parcelId: 'purchase-parcel',
};

export function RecordPurchase() {
  useLanguage();
  const facts = useLoad(cooperativeFacts, []);
  const editId = query('edit');
  const [editing, setEditing] = useState(() => editableOf(queue.get().find((write) => write.id === editId && write.state === 'rejected')));
  const [seller, setSeller] = useState<MinerSummary | null>(editing?.seller ?? null);
  const [siteId, setSiteId] = useState(editing?.siteId ?? '');
  const [mineral, setMineral] = useState(editing?.mineral ?? '');
  const [priceBasis, setPriceBasis] = useState<PriceBasis>(editing?.priceBasis ?? 'per_unit_contained_metal');
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>(editing?.paymentMethod ?? 'cash');
  const [form, setForm] = useState<FormFields>(editing?.form ?? EMPTY);
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const field = (name: keyof FormFields) => ({
    value: form[name],
    onValue: (value: string) => setForm({ ...form, [name]: value }),
    invalid: problem?.field === name,
  });
  const currency = facts.data?.defaultCurrency ?? 'USD';
  const chosenMineral = mineral || facts.data?.minerals[0] || '';
  const unitPriceMinor = form.unitPrice.trim() ? parseAmountToMinor(form.unitPrice, currency) : null;
  // Only what the mineral is measured by is asked: no grade for a stone, moisture only where it is deducted.
  const needs = mineralNeeds(chosenMineral);
  const basis: PriceBasis = needs.graded ? priceBasis : 'per_unit_net_mass';
  const draft: PurchaseDraft = {
    mineral: chosenMineral,
    massUnit: needs.unit,
    ...form,
    gradePercent: needs.graded ? form.gradePercent : '',
    moisturePercent: needs.moisture ? form.moisturePercent : '',
    priceBasis: basis,
    unitPriceMinor,
    currency,
    paymentMethod,
    // A stone goes into a parcel; without one chosen, the rule names the parcel field.
    diamond: needs.diamond && form.parcelId ? { stones: /^\d{1,6}$/.test(form.stones.trim()) ? Number(form.stones.trim()) : 0, qualityClass: form.qualityClass, parcelId: form.parcelId } : undefined,
  };
  const parcels = useLoad(
    async () => (needs.diamond ? (await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/diamond-parcels', { params: { path: cooperativePath(), query: { limit: 200 } } }))).items : []),
    [needs.diamond],
  );
  const openParcels = (parcels.data ?? []).filter((parcel) => parcel.status === 'open' && parcel.mineral === chosenMineral);
  const massUnit = label('unit', needs.unit);
  const day = facts.data ? localDateIn(facts.data.timezone, new Date()) : null;
  const checked = facts.data && day && form.netKg.trim() && unitPriceMinor !== null ? checkPurchase(draft, datedFeeRules(facts.data.feeRules), day) : null;
  const preview = checked?.ok ? checked.preview : null;
  useEffect(() => {
    if (!outcome) return;
    outcomeRef.current?.scrollIntoView({ block: 'start' });
    outcomeRef.current?.focus();
  }, [outcome]);
  const { busy, error, run, setError } = useAction(async () => {
    setProblem(null);
    if (!seller || !siteId || !facts.data || !day) {
      setError(new Error('form'));
      return;
    }
    const result = checkPurchase(draft, datedFeeRules(facts.data.feeRules), day);
    if (!result.ok) {
      setProblem(result.problem);
      if (result.problem.field) document.getElementById(FIELD_IDS[result.problem.field])?.focus();
      return;
    }
    const editable: Editable = { seller, siteId, mineral: chosenMineral, priceBasis, paymentMethod, form };
    const write = await submit({
      kind: 'purchase',
      label: `${t('nav.purchase')} ${seller.memberNumber} ${formatDecimal(massIn(result.preview.netMg, needs.unit))} ${massUnit}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases`,
      body: {
        sellerId: seller.id,
        siteId,
        mineral: chosenMineral,
        ...measurementsOf(draft),
        unitPriceMinor,
        priceBasis: basis,
        currency,
        paymentMethod,
        paymentReference: form.paymentReference.trim() || undefined,
        ...(draft.diamond ? { diamond: { ...draft.diamond, qualityClass: draft.diamond.qualityClass.trim() } } : {}),
        tagId: form.tagId.trim(),
        capturedAt: new Date().toISOString(),
      },
      meta: {
        editable: JSON.stringify(editable),
        ...receiptMeta({ preview: result.preview, sellerName: `${seller.firstName} ${seller.lastName}`, memberNumber: seller.memberNumber }),
      },
    });
    // The corrected entry replaces the refused one, which the server never recorded.
    if (editing && editId) await dismiss(editId);
    setOutcome(write);
    if (write.state !== 'rejected') {
      setForm(EMPTY);
      setSeller(null);
      if (editing) {
        setEditing(null);
        navigate('/purchases/new', true);
      }
    }
  });
  const purchase = outcome?.state === 'done' ? (outcome.result as Schema<'PurchaseView'>) : null;
  const unit = label('unit', preview?.priceUnit ?? 'kg');
  return (
    <Screen title={editing ? t('purchase.editTitle') : t('purchase.title')}>
      <ErrorNotice error={facts.error} />
      <div ref={outcomeRef} tabIndex={-1} class="outcome">
        {outcome?.state === 'pending' && (
          <>
            <p class="notice info" role="status">
              {t('purchase.queued')}
            </p>
            <ProvisionalReceipt write={outcome} />
          </>
        )}
        {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
        {purchase && (
          <div class="notice success" role="status">
            <p>
              {t('purchase.recorded', { lot: purchase.lotNumber ?? '—', sequence: purchase.sequence })}
              {purchase.netPaidMinor !== null && purchase.currency !== null && ` — ${t('receipt.netPaid')} ${formatMoney(purchase.netPaidMinor, purchase.currency)}`}
            </p>
            <PdfButton
              path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases/${purchase.id}/receipt.pdf`}
              fileName={`recu-${purchase.lotNumber}.pdf`}
              label={t('purchase.receipt')}
            />
          </div>
        )}
      </div>
      <form onSubmit={submitTo(run)}>
        <SellerPicker seller={seller} onSeller={setSeller} />
        <SitePicker siteId={siteId} onSite={setSiteId} />
        <Select
          id={FIELD_IDS.mineral}
          label={t('purchase.mineral')}
          value={chosenMineral}
          onValue={setMineral}
          options={(facts.data?.minerals ?? []).map((value) => ({ value, label: label('mineral', value) }))}
        />
        <Field id={FIELD_IDS.netKg} label={t('purchase.netMass', { unit: massUnit })} {...field('netKg')} inputMode="decimal" required pattern="\d+([.,]\d+)?" />
        <Field id={FIELD_IDS.grossKg} label={t('purchase.grossMass', { unit: massUnit })} {...field('grossKg')} inputMode="decimal" pattern="\d+([.,]\d+)?" />
        {needs.graded && <Field id={FIELD_IDS.gradePercent} label={t('purchase.grade')} {...field('gradePercent')} inputMode="decimal" pattern="\d+([.,]\d+)?" />}
        {needs.moisture && <Field id={FIELD_IDS.moisturePercent} label={t('purchase.moisture')} {...field('moisturePercent')} inputMode="decimal" pattern="\d+([.,]\d+)?" />}
        {needs.diamond && (
          <fieldset class="diamond-details">
            <legend>{t('purchase.diamond')}</legend>
            <Field id={FIELD_IDS.stones} label={t('purchase.stones')} {...field('stones')} inputMode="numeric" required pattern="\d+" />
            <Field id={FIELD_IDS.qualityClass} label={t('purchase.qualityClass')} {...field('qualityClass')} required hint={t('purchase.qualityClassHint')} />
            <Select
              id={FIELD_IDS.parcelId}
              label={t('purchase.parcel')}
              value={form.parcelId}
              onValue={(parcelId) => setForm({ ...form, parcelId })}
              options={[{ value: '', label: '—' }, ...openParcels.map((parcel) => ({ value: parcel.id, label: t('purchase.parcelOption', { number: parcel.parcelNumber, stones: parcel.stones, carats: formatDecimal(parcel.carats) }) }))]}
              required
            />
            <ErrorNotice error={parcels.error} />
            {parcels.data && openParcels.length === 0 && <p class="hint">{t('purchase.noOpenParcel')}</p>}
          </fieldset>
        )}
        <Select
          id={FIELD_IDS.priceBasis}
          label={t('purchase.priceBasis')}
          value={basis}
          onValue={(value) => setPriceBasis(value as PriceBasis)}
          options={(needs.graded ? (['per_unit_contained_metal', 'per_unit_net_mass'] as const) : (['per_unit_net_mass'] as const)).map((value) => ({ value, label: label('priceBasis', value, { unit: massUnit }) }))}
        />
        <Field id={FIELD_IDS.unitPrice} label={t('purchase.unitPrice', { currency })} {...field('unitPrice')} inputMode="decimal" required />
        <Select
          label={t('purchase.payment')}
          value={paymentMethod}
          onValue={(value) => setPaymentMethod(value as PaymentMethod)}
          options={(['cash', 'mobile_money'] as const).map((value) => ({ value, label: label('paymentMethod', value) }))}
        />
        <Field id={FIELD_IDS.paymentReference} label={t('purchase.paymentReference')} {...field('paymentReference')} />
        <Field label={t('purchase.tag')} {...field('tagId')} required />
        {preview && (
          <div class="total" data-testid="purchase-total" aria-live="polite">
            <p>
              {t('purchase.computation', {
                priced: `${formatNumber(pricedMassIn(preview), 3)} ${unit}`,
                price: `${formatMoney(unitPriceMinor ?? 0, currency)} / ${unit}`,
              })}
            </p>
            <p>
              {t('receipt.amount')} : <strong>{formatMoney(preview.amountMinor, currency)}</strong>
            </p>
            {preview.fees.map((fee) => (
              <p key={fee.fundCode}>
                {t('receipt.fee', { fund: label('fund', fee.fundCode) })} : − {formatMoney(fee.amountMinor, currency)}
              </p>
            ))}
            <p class="big">
              {t('receipt.netPaid')} : {formatMoney(preview.netPaidMinor, currency)}
            </p>
          </div>
        )}
        {problem && (
          <p class="notice error" role="alert" data-code={problem.code}>
            {problemMessage(problem)}
          </p>
        )}
        <button type="submit" disabled={busy || !seller}>
          {busy ? t('common.loading') : t('purchase.save')}
        </button>
        {error instanceof Error && error.message === 'form' ? (
          <p class="notice error" role="alert">
            {t('purchase.incomplete')}
          </p>
        ) : (
          <ErrorNotice error={error} />
        )}
      </form>
    </Screen>
  );
}
