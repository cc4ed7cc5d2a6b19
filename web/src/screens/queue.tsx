import { PdfButton, ProblemNotice, Screen } from '../components/ui';
import { ProvisionalReceipt } from '../components/provisional-receipt';
import { navigate } from '../router';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { dismiss, flush, queue, retry, type QueuedWrite } from '../offline/queue';
import { useStore } from '../store';
import type { Schema } from '../api/client';

function ReceiptLink({ write }: { readonly write: QueuedWrite }) {
  if (write.kind !== 'purchase' || write.state !== 'done') return null;
  const purchase = write.result as Schema<'PurchaseView'>;
  return (
    <PdfButton
      path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/purchases/${purchase.id}/receipt.pdf`}
      fileName={`recu-${purchase.lotNumber}.pdf`}
      label={t('purchase.receipt')}
    />
  );
}

export function Queue() {
  useLanguage();
  const items = useStore(queue);
  const waiting = items.filter((item) => item.state === 'pending').length;
  return (
    <Screen title={t('queue.title')}>
      <p>{t('queue.explain')}</p>
      <div class="actions">
        <button type="button" disabled={waiting === 0} onClick={() => void flush()}>
          {t('queue.syncNow')}
        </button>
      </div>
      {items.length === 0 && <p>{t('queue.empty')}</p>}
      <ul class="list queue">
        {[...items].reverse().map((item) => (
          <li key={item.id} class={`write ${item.state}`} data-state={item.state}>
            <strong>{item.label}</strong>
            <span>
              {t(`queue.state.${item.state}`)} · {formatDateTime(item.createdAt)}
            </span>
            {item.state === 'rejected' && item.problem && <ProblemNotice problem={item.problem} />}
            {item.state === 'pending' && item.problem && <span>{item.problem.title}</span>}
            {item.kind === 'purchase' && item.state === 'pending' && (
              <details class="receipt-box">
                <summary>{t('receipt.provisional')}</summary>
                <ProvisionalReceipt write={item} />
              </details>
            )}
            <div class="actions">
              <ReceiptLink write={item} />
              {item.state === 'rejected' && (
                <>
                  {item.kind === 'purchase' && item.meta?.editable && (
                    <button type="button" onClick={() => navigate(`/purchases/new?edit=${item.id}`)}>
                      {t('queue.edit')}
                    </button>
                  )}
                  <button type="button" class="secondary" onClick={() => void retry(item.id)}>
                    {t('queue.retry')}
                  </button>
                  <button type="button" class="secondary" onClick={() => void dismiss(item.id)}>
                    {t('queue.dismiss')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
