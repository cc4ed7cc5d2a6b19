import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Loading, Screen, Select, useAction, usePages, submitTo } from '../components/ui';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { hasRole } from '../session';
import { FLAG_CATEGORIES, type FlagCategory } from '../../../src/risk/rules/categories';

/** Report an incident and follow the cooperative's risk flags (their workflow stays in the API). */
export function Incidents() {
  useLanguage();
  const flags = usePages((cursor) => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/risk-flags', { params: { path: cooperativePath(), query: { cursor } } })), []);
  const [category, setCategory] = useState<FlagCategory>('accident');
  const [description, setDescription] = useState('');
  const [siteId, setSiteId] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const report = useAction(async () => {
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/risk-flags', {
        params: { path: cooperativePath() },
        body: { category, description: description.trim(), siteId: siteId || undefined, anonymous },
      }),
    );
    setDescription('');
    flags.reload();
  });
  return (
    <Screen title={t('incidents.title')}>
      {hasRole('admin', 'officer') && (
        <form
          onSubmit={submitTo(report.run)}
        >
          <Select label={t('incidents.category')} value={category} onValue={(value) => setCategory(value as FlagCategory)} options={FLAG_CATEGORIES.map((value) => ({ value, label: value.replace(/_/g, ' ') }))} />
          <SitePicker siteId={siteId} onSite={setSiteId} />
          <div class="field">
            <label for="incident-description">{t('incidents.description')}</label>
            <textarea id="incident-description" rows={3} required value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
          </div>
          <label class="check">
            <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.currentTarget.checked)} />
            {t('incidents.anonymous')}
          </label>
          <button type="submit" disabled={report.busy || !description.trim()}>
            {t('incidents.report')}
          </button>
          <ErrorNotice error={report.error} />
        </form>
      )}
      <h2>{t('incidents.flags')}</h2>
      <ErrorNotice error={flags.error} />
      {flags.loading && <Loading />}
      <ul class="list">
        {(flags.items ?? []).map((flag) => (
          <li key={flag.id}>
            <strong class={flag.overdue ? 'alert' : undefined}>
              {flag.category.replace(/_/g, ' ')} · {flag.severity} · {flag.state}
              {flag.overdue ? ` · ${t('incidents.overdue')}` : ''}
            </strong>
            <span>
              {formatDateTime(flag.raisedAt)} {flag.description ? `— ${flag.description}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {flags.items && (
        <div class="actions">
          <span>{t('incidents.shown', { count: flags.items.length })}</span>
          {flags.hasMore && (
            <button type="button" class="secondary" disabled={flags.loadingMore} onClick={() => void flags.more()}>
              {flags.loadingMore ? t('common.loading') : t('incidents.more')}
            </button>
          )}
        </div>
      )}
    </Screen>
  );
}
