import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, PdfButton, ProblemNotice, Screen, Select, submitTo, useAction, useLoad, usePages } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDateTime, formatDecimal, formatMoney, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { submit, type QueuedWrite } from '../offline/queue';
import { navigate } from '../router';
import { hasRole } from '../session';
import { massIn } from '../rules/mass';

type Purchase = Schema<'PurchaseView'>;

function money(minor: number | null, currency: string | null): string {
  return minor === null || currency === null ? '—' : formatMoney(minor, currency);
}

function summary(entry: Purchase): string {
  const mass = entry.netMg === null ? '' : `${formatDecimal(massIn(Math.abs(entry.netMg), 'kg'))} kg`;
  return [entry.mineral ? label('mineral', entry.mineral) : null, mass, money(entry.netPaidMinor, entry.currency)].filter(Boolean).join(' · ');
}

/**
 * The purchase ledger as recorded, newest pages first as the API gives them; the filters apply
 * to what is loaded (the API lists by cursor only), and say how many entries they looked at.
 */
export function Ledger() {
  useLanguage();
  const pages = usePages((cursor) => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/purchases', { params: { path: cooperativePath(), query: { cursor, limit: 50 } } })), []);
  const [q, setQ] = useState('');
  const [mineral, setMineral] = useState('');
  const [kind, setKind] = useState('');
  const items = pages.items ?? [];
  const wanted = q.trim().toLowerCase();
  const shown = items.filter(
    (entry) =>
      (!mineral || entry.mineral === mineral) &&
      (!kind || entry.kind === kind) &&
      (!wanted || [entry.lotNumber, entry.tagId, entry.paymentReference].some((value) => value?.toLowerCase().includes(wanted))),
  );
  const minerals = [...new Set(items.map((entry) => entry.mineral).filter((value): value is string => value !== null))];
  return (
    <Screen title={t('ledger.title')}>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('ledger.search')} value={q} onValue={setQ} type="search" hint={t('ledger.searchHint')} />
        <Select label={t('purchase.mineral')} value={mineral} onValue={setMineral} options={[{ value: '', label: t('ledger.all') }, ...minerals.map((value) => ({ value, label: label('mineral', value) }))]} />
        <Select
          label={t('ledger.kind')}
          value={kind}
          onValue={setKind}
          options={[{ value: '', label: t('ledger.all') }, ...(['purchase', 'reversal'] as const).map((value) => ({ value, label: label('entryKind', value) }))]}
        />
      </form>
      <ErrorNotice error={pages.error} />
      {pages.loading && <Loading />}
      <p>{t('ledger.shown', { shown: shown.length, loaded: items.length })}</p>
      <ul class="list">
        {shown.map((entry) => (
          <li key={entry.id} data-kind={entry.kind}>
            <a href={`/purchases/${entry.id}`} onClick={(event) => (event.preventDefault(), navigate(`/purchases/${entry.id}`))}>
              <strong>
                {entry.lotNumber ?? `n° ${entry.sequence}`} · {label('entryKind', entry.kind)}
              </strong>
              <span>
                {formatDateTime(entry.capturedAt ?? entry.recordedAt)} · {summary(entry)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {pages.hasMore && (
        <button type="button" class="secondary" disabled={pages.loadingMore} onClick={() => void pages.more()}>
          {pages.loadingMore ? t('common.loading') : t('incidents.more')}
        </button>
      )}
    </Screen>
  );
}

/** A reversal says why, and goes through the queue with its own key like every field write. */
function Reversal({ entry, onReversed }: { readonly entry: Purchase; readonly onReversed: () => void }) {
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const reverse = useAction(async () => {
    const write = await submit({
      kind: 'reversal',
      label: `${t('ledger.reversal')} ${entry.lotNumber ?? entry.sequence}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases/${entry.id}/reversal`,
      body: { reason: reason.trim() },
    });
    setOutcome(write);
    if (write.state === 'done') onReversed();
  });
  return (
    <details>
      <summary>{t('ledger.reverse')}</summary>
      <form onSubmit={submitTo(reverse.run)}>
        <Field label={t('ledger.reason')} value={reason} onValue={setReason} required />
        <button type="submit" disabled={reverse.busy || !reason.trim()}>
          {t('ledger.confirmReverse')}
        </button>
        <ErrorNotice error={reverse.error} />
        {outcome?.state === 'done' && (
          <p class="notice success" role="status">
            {t('ledger.reversed', { sequence: (outcome.result as Purchase).sequence })}
          </p>
        )}
        {outcome?.state === 'pending' && (
          <p class="notice info" role="status">
            {t('ledger.reversalQueued')}
          </p>
        )}
        {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
      </form>
    </details>
  );
}

export function LedgerEntry({ purchaseId }: { readonly purchaseId: string }) {
  useLanguage();
  const entry = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/purchases/{purchaseId}', { params: { path: { ...cooperativePath(), purchaseId } } })), [purchaseId]);
  if (entry.error) return <ErrorNotice error={entry.error} />;
  if (!entry.data) return <Loading />;
  const e = entry.data;
  const unit = label('unit', e.priceUnit ?? 'kg');
  return (
    <Screen title={`${e.lotNumber ?? `n° ${e.sequence}`} · ${label('entryKind', e.kind)}`}>
      <dl class="facts">
        <dt>{t('ledger.sequence')}</dt>
        <dd>{e.sequence}</dd>
        <dt>{t('receipt.date')}</dt>
        <dd>{formatDateTime(e.capturedAt ?? e.recordedAt)}</dd>
        <dt>{t('purchase.mineral')}</dt>
        <dd>{e.mineral ? label('mineral', e.mineral) : '—'}</dd>
        <dt>{t('purchase.tag')}</dt>
        <dd>{e.tagId ?? '—'}</dd>
        <dt>{t('receipt.netMass')}</dt>
        <dd>{e.netMg === null ? '—' : `${formatDecimal(massIn(Math.abs(e.netMg), 'kg'))} kg`}</dd>
        <dt>{t('purchase.priceBasis')}</dt>
        <dd>{e.priceBasis ? label('priceBasis', e.priceBasis, { unit }) : '—'}</dd>
        <dt>{t('receipt.unitPrice')}</dt>
        <dd>{e.unitPriceMinor === null ? '—' : `${money(e.unitPriceMinor, e.currency)} / ${unit}`}</dd>
        <dt>{t('receipt.amount')}</dt>
        <dd>{money(e.amountMinor, e.currency)}</dd>
        {e.fees.map((fee) => (
          <Fragment key={fee.fundCode}>
            <dt>{t('receipt.fee', { fund: label('fund', fee.fundCode) })}</dt>
            <dd>{money(-fee.amountMinor, e.currency)}</dd>
          </Fragment>
        ))}
        <dt>{t('receipt.netPaid')}</dt>
        <dd>{money(e.netPaidMinor, e.currency)}</dd>
        <dt>{t('purchase.payment')}</dt>
        <dd>{[e.paymentMethod ? label('paymentMethod', e.paymentMethod) : null, e.paymentReference].filter(Boolean).join(' · ') || '—'}</dd>
        {e.reason && (
          <>
            <dt>{t('ledger.reason')}</dt>
            <dd>{e.reason}</dd>
          </>
        )}
        <dt>{t('ledger.hash')}</dt>
        <dd class="hash">{e.hash.slice(0, 12)}</dd>
      </dl>
      <div class="actions">
        <PdfButton path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases/${e.id}/receipt.pdf`} fileName={`recu-${e.lotNumber ?? e.sequence}.pdf`} label={t('purchase.receipt')} />
      </div>
      {e.kind === 'purchase' && hasRole('admin', 'officer') && <Reversal entry={e} onReversed={entry.reload} />}
    </Screen>
  );
}
