import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Loading, ProblemNotice, Screen, Select, useAction, useLoad, usePages, submitTo } from '../components/ui';
import { SitePicker, loadSites } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { submit, type QueuedWrite } from '../offline/queue';
import { navigate } from '../router';
import { hasRole } from '../session';
import { FLAG_CATEGORIES, type FlagCategory } from '../../../src/risk/rules/categories';
import { FLAG_TRANSITIONS, type FlagState, type FlagTransitionKind } from '../../../src/risk/rules/lifecycle';

/** One flag, as anyone who may read it sees it. */
/**
 * The moves the flag's state allows (the server's own table, src/risk/rules/lifecycle.ts);
 * a dismissal or a reopening asks for its reason first.
 */
function FlagMoves({ flagId, state, onMoved }: { readonly flagId: string; readonly state: FlagState; readonly onMoved: () => void }) {
  const [asking, setAsking] = useState<FlagState | null>(null);
  const [reason, setReason] = useState('');
  const [moved, setMoved] = useState<FlagState | null>(null);
  const move = useAction(async (to: FlagState) => {
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/risk-flags/{flagId}/transitions', {
        params: { path: { ...cooperativePath(), flagId } },
        body: { to, reason: reason.trim() || undefined },
      }),
    );
    setAsking(null);
    setReason('');
    setMoved(to);
    onMoved();
  });
  const moves = Object.entries(FLAG_TRANSITIONS[state]) as [FlagState, FlagTransitionKind][];
  if (moves.length === 0) return null;
  return (
    <div class="moves">
      <h2>{t('incidents.moves')}</h2>
      {moved && (
        <p class="notice success" role="status">
          {t('incidents.moved', { state: label('flagState', moved) })}
        </p>
      )}
      <div class="actions">
        {moves.map(([to, kind]) => (
          <button
            key={to}
            type="button"
            class={kind === 'forward' ? undefined : 'secondary'}
            disabled={move.busy}
            onClick={() => (kind === 'forward' ? void move.run(to) : setAsking(to))}
          >
            {t(`incidents.move.${to}`)}
          </button>
        ))}
      </div>
      {asking && (
        <form onSubmit={submitTo(() => move.run(asking))}>
          <div class="field">
            <label for="move-reason">{t('incidents.moveReason')}</label>
            <textarea id="move-reason" rows={2} required value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="submit" disabled={move.busy || !reason.trim()}>
              {t(`incidents.move.${asking}`)}
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={move.error} />
    </div>
  );
}

export function IncidentPage({ flagId }: { readonly flagId: string }) {
  useLanguage();
  const flag = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/risk-flags/{flagId}', { params: { path: { ...cooperativePath(), flagId } } })), [flagId]);
  const sites = useLoad(loadSites, []);
  if (flag.error) return <ErrorNotice error={flag.error} />;
  if (!flag.data) return <Loading />;
  const f = flag.data;
  const site = sites.data?.find((candidate) => candidate.id === f.siteId);
  return (
    <Screen title={label('riskCategory', f.category)}>
      <dl class="facts">
        <dt>{t('incidents.severity')}</dt>
        <dd>{label('severity', f.severity)}</dd>
        <dt>{t('incidents.state')}</dt>
        <dd data-testid="flag-state">
          {label('flagState', f.state)}
          {f.overdue ? ` · ${t('incidents.overdue')}` : ''}
        </dd>
        <dt>{t('incidents.occurredAt')}</dt>
        <dd>{formatDateTime(f.occurredAt)}</dd>
        <dt>{t('incidents.raisedAt')}</dt>
        <dd>{formatDateTime(f.raisedAt)}</dd>
        <dt>{t('sites.site')}</dt>
        <dd>{site ? site.name : '—'}</dd>
        <dt>{t('incidents.reporter')}</dt>
        <dd>{f.anonymous ? t('incidents.anonymousReporter') : '—'}</dd>
        {f.dismissalReason && (
          <>
            <dt>{t('incidents.dismissalReason')}</dt>
            <dd>{f.dismissalReason}</dd>
          </>
        )}
      </dl>
      <h2>{t('incidents.description')}</h2>
      <p>{f.redacted ? t('incidents.redacted') : (f.description ?? '—')}</p>
      {hasRole('admin', 'officer') && <FlagMoves flagId={f.id} state={f.state} onMoved={flag.reload} />}
      <p>
        <a href="/incidents" onClick={(event) => (event.preventDefault(), navigate('/incidents'))}>
          {t('incidents.back')}
        </a>
      </p>
    </Screen>
  );
}

/** Report an incident (offline too: it waits in the queue) and follow the cooperative's risk flags. */
export function Incidents() {
  useLanguage();
  const flags = usePages((cursor) => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/risk-flags', { params: { path: cooperativePath(), query: { cursor } } })), []);
  const [category, setCategory] = useState<FlagCategory>('accident');
  const [description, setDescription] = useState('');
  const [siteId, setSiteId] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const report = useAction(async () => {
    const write = await submit({
      kind: 'incident',
      label: `${t('incidents.queueLabel')} : ${label('riskCategory', category)}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/risk-flags`,
      body: { category, description: description.trim(), siteId: siteId || undefined, anonymous, occurredAt: new Date().toISOString() },
    });
    setOutcome(write);
    if (write.state !== 'rejected') setDescription('');
    if (write.state === 'done') flags.reload();
  });
  return (
    <Screen title={t('incidents.title')}>
      {hasRole('admin', 'officer') && (
        <form onSubmit={submitTo(report.run)}>
          <Select
            label={t('incidents.category')}
            value={category}
            onValue={(value) => setCategory(value as FlagCategory)}
            options={FLAG_CATEGORIES.map((value) => ({ value, label: label('riskCategory', value) }))}
          />
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
          {outcome?.state === 'pending' && (
            <p class="notice info" role="status">
              {t('incidents.queued')}
            </p>
          )}
          {outcome?.state === 'done' && (
            <p class="notice success" role="status">
              {t('incidents.reported')}
            </p>
          )}
          {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
        </form>
      )}
      <h2>{t('incidents.flags')}</h2>
      <ErrorNotice error={flags.error} />
      {flags.loading && <Loading />}
      <ul class="list">
        {(flags.items ?? []).map((flag) => (
          <li key={flag.id}>
            <a href={`/incidents/${flag.id}`} onClick={(event) => (event.preventDefault(), navigate(`/incidents/${flag.id}`))}>
              <strong class={flag.overdue ? 'alert' : undefined}>
                {label('riskCategory', flag.category)} · {label('severity', flag.severity)} · {label('flagState', flag.state)}
                {flag.overdue ? ` · ${t('incidents.overdue')}` : ''}
              </strong>
              <span>
                {formatDateTime(flag.raisedAt)} {flag.description ? `— ${flag.description}` : ''}
              </span>
            </a>
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
