import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateTime, formatDecimal, formatMoney, formatNumber, t } from '../i18n/i18n';
import { label } from '../i18n/labels';
import type { QueuedWrite } from '../offline/queue';
import type { PurchasePreview } from '../rules/purchase-check';
import { massIn, pricedMassIn } from '../rules/mass';
import { session } from '../session';

interface ReceiptFacts {
  readonly preview: PurchasePreview;
  readonly sellerName: string;
  readonly memberNumber: string;
}

/** What a queued purchase's provisional receipt shows, kept in its meta when it was saved. */
export function receiptMeta(facts: ReceiptFacts): Record<string, string> {
  return { receipt: JSON.stringify(facts) };
}

function factsOf(write: QueuedWrite): ReceiptFacts | null {
  try {
    return write.meta?.receipt ? (JSON.parse(write.meta.receipt) as ReceiptFacts) : null;
  } catch {
    return null;
  }
}

/**
 * The seller leaves with a paper even when the phone is offline: the figures the phone
 * computed with the server's rules, marked provisional; the numbered receipt with its
 * sequence and hash comes from the server once the purchase is sent (file d'envoi).
 */
export function ProvisionalReceipt({ write }: { readonly write: QueuedWrite }) {
  const [printing, setPrinting] = useState(false);
  const facts = factsOf(write);
  if (write.kind !== 'purchase' || !facts) return null;
  const body = write.body as Record<string, string | undefined> & { unitPriceMinor: number; currency: string };
  const { preview } = facts;
  const money = (minor: number): string => formatMoney(minor, body.currency);
  const unit = label('unit', preview.priceUnit);
  const lines: [string, string][] = [
    [t('receipt.seller'), `${facts.sellerName} (${facts.memberNumber})`],
    [t('receipt.date'), formatDateTime(String(body.capturedAt ?? write.createdAt))],
    [t('purchase.mineral'), label('mineral', String(body.mineral))],
    [t('purchase.tag'), String(body.tagId ?? '')],
    [t('receipt.netMass'), `${formatDecimal(massIn(preview.netMg, preview.priceUnit))} ${unit}`],
    [t('purchase.grade'), preview.gradePercent === null ? '—' : `${formatDecimal(preview.gradePercent)} %`],
    [t('purchase.moisture'), preview.moisturePercent === null ? '—' : `${formatDecimal(preview.moisturePercent)} %`],
    [t('purchase.priceBasis'), label('priceBasis', String(body.priceBasis), { unit })],
    [t('receipt.pricedMass'), `${formatNumber(pricedMassIn(preview), 3)} ${unit}`],
    [t('receipt.unitPrice'), `${money(body.unitPriceMinor)} / ${unit}`],
    [t('receipt.amount'), money(preview.amountMinor)],
    ...preview.fees.map((fee): [string, string] => [t('receipt.fee', { fund: label('fund', fee.fundCode) }), `− ${money(fee.amountMinor)}`]),
    [t('receipt.netPaid'), money(preview.netPaidMinor)],
    [t('purchase.payment'), [label('paymentMethod', String(body.paymentMethod)), body.paymentReference].filter(Boolean).join(' · ')],
    [t('receipt.officer'), session.get().me?.name ?? ''],
  ];
  return (
    <div class={printing ? 'receipt printing' : 'receipt'} data-testid="provisional-receipt">
      <h2>{t('receipt.provisional')}</h2>
      <p>{t('receipt.provisionalNote')}</p>
      <dl class="facts">
        {lines.map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <button
        type="button"
        class="secondary no-print"
        onClick={() => {
          setPrinting(true);
          // After the class is on the page, so that only this receipt prints.
          setTimeout(() => {
            print();
            setPrinting(false);
          }, 0);
        }}
      >
        {t('receipt.print')}
      </button>
    </div>
  );
}
