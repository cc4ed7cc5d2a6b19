import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, submitTo, useAction } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { t } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { ruleWords } from './governance-common';

type Detail = Schema<'AssemblyDetailView'>;
type Item = Detail['agenda'][number];
type Resolution = Schema<'AssemblyResolutionView'>;

function Result({ resolution }: { readonly resolution: Resolution }) {
  return (
    <div class={`notice ${resolution.adopted ? 'success' : 'info'}`}>
      <p>
        <strong>{t(resolution.adopted ? 'assembly.adopted' : 'assembly.rejected')}</strong>
      </p>
      <p>{t('assembly.votes', { for: resolution.for, against: resolution.against, abstain: resolution.abstain })}</p>
      <p>{t('assembly.ruleApplied', { rule: ruleWords(resolution.rule) })}</p>
    </div>
  );
}

function VoteForm({ assemblyId, item, onRecorded }: { readonly assemblyId: string; readonly item: Item; readonly onRecorded: () => void }) {
  const [votes, setVotes] = useState({ for: '', against: '', abstain: '' });
  const record = useAction(async () => {
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}/resolutions', {
        params: { path: { ...cooperativePath(), assemblyId } },
        body: { agendaItemId: item.id, for: Number(votes.for || 0), against: Number(votes.against || 0), abstain: Number(votes.abstain || 0) },
      }),
    );
    onRecorded();
  });
  return (
    <form onSubmit={submitTo(record.run)} class="votes">
      <Field label={t('assembly.for', { n: item.position })} value={votes.for} onValue={(value) => setVotes({ ...votes, for: value })} type="number" min={0} inputMode="numeric" required />
      <Field label={t('assembly.against', { n: item.position })} value={votes.against} onValue={(value) => setVotes({ ...votes, against: value })} type="number" min={0} inputMode="numeric" required />
      <Field label={t('assembly.abstain', { n: item.position })} value={votes.abstain} onValue={(value) => setVotes({ ...votes, abstain: value })} type="number" min={0} inputMode="numeric" required />
      <button type="submit" disabled={record.busy}>
        {t('assembly.recordVote', { n: item.position })}
      </button>
      <ErrorNotice error={record.error} />
    </form>
  );
}

/** Each agenda item: its decision kind, then the vote and the majority rule the server applied. */
export function Resolutions({ detail, onRecorded }: { readonly detail: Detail; readonly onRecorded: () => void }) {
  return (
    <section aria-labelledby="resolutions-title">
      <h2 id="resolutions-title">{t('assembly.resolutions')}</h2>
      {detail.agenda.map((item) => {
        const resolution = detail.resolutions.find((candidate) => candidate.agendaItemId === item.id);
        return (
          <article key={item.id} class="agenda-vote" aria-labelledby={`item-${item.id}`}>
            <h3 id={`item-${item.id}`}>
              {item.position}. {item.title}
            </h3>
            <p class="hint">{label('decisionKind', item.decisionKind)}</p>
            {resolution ? <Result resolution={resolution} /> : <VoteForm assemblyId={detail.id} item={item} onRecorded={onRecorded} />}
          </article>
        );
      })}
    </section>
  );
}
