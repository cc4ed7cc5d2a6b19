import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { ErrorNotice, Field, Loading, PdfButton, ProblemNotice, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDate, formatNumber, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { submit, type QueuedWrite } from '../offline/queue';
import { hasRole } from '../session';
import { CRITERION_RESULTS, type CriterionResult } from '../../../src/standards/rules/scoring';

type AssessmentDetail = components['schemas']['AssessmentDetailView'];
type Answer = { readonly result: CriterionResult | null; readonly note: string };

const today = (): string => new Date().toISOString().slice(0, 10);
const percent = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '—' : `${formatNumber(bp / 100, 1)} %`);

/** The site's past assessments, newest first, each with its trend. */
function History({ siteId, reloadKey }: { readonly siteId: string; readonly reloadKey: number }) {
  const history = useLoad(
    () => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/assessments', { params: { path: { ...cooperativePath(), siteId } } })),
    [siteId, reloadKey],
  );
  if (history.error) return <ErrorNotice error={history.error} />;
  if (!history.data) return <Loading />;
  if (history.data.items.length === 0) return <p>{t('assessment.noHistory')}</p>;
  return (
    <ul class="list" data-testid="assessment-history">
      {history.data.items.map((item) => (
        <li key={item.id}>
          <strong>
            {item.standardId} {item.standardVersion} · {formatDate(item.assessedOn)}
          </strong>
          <span>
            {t('assessment.scoreLine', { score: percent(item.scoreBp), level: item.levelReached ?? t('assessment.noLevel'), trend: label('assessmentTrend', item.trend) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** What the server made of a sent assessment: score, level, actions opened, its report. */
function Outcome({ detail, siteId }: { readonly detail: AssessmentDetail; readonly siteId: string }) {
  const actions = detail.criteria.filter((criterion) => criterion.correctiveAction !== null).length;
  const repeated = detail.criteria.filter((criterion) => criterion.failedTwiceInARow);
  return (
    <div class="notice success" role="status" data-testid="assessment-outcome">
      <p>{t('assessment.recorded', { score: percent(detail.scoreBp), level: detail.levelReached ?? t('assessment.noLevel') })}</p>
      {actions > 0 && <p>{t('assessment.actionsOpened', { count: actions })}</p>}
      {repeated.length > 0 && <p class="alert">{t('assessment.failedTwice', { count: repeated.length })}</p>}
      <PdfButton
        path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/sites/${siteId}/assessments/${detail.id}.pdf`}
        fileName={`assessment-${detail.standardId}-${detail.assessedOn}.pdf`}
        label={t('assessment.pdf')}
      />
    </div>
  );
}

/**
 * A site assessed against a standard on a phone at the site: one card per criterion, three
 * answers and a note, sent whole (it waits in the queue when offline).
 */
export function Assessment() {
  const language = useLanguage();
  const standards = useLoad(() => ok(api.GET('/api/v1/standards')), []);
  const [standardId, setStandardId] = useState('craft');
  const standard = useLoad(() => ok(api.GET('/api/v1/standards/{standardId}', { params: { path: { standardId } } })), [standardId]);
  const [siteId, setSiteId] = useState('');
  const [assessedOn, setAssessedOn] = useState(today());
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [outcome, setOutcome] = useState<QueuedWrite | null>(null);
  const [sent, setSent] = useState(0);
  const criteria = (standard.data?.sections ?? []).flatMap((section) => section.requirements.flatMap((requirement) => requirement.criteria));
  const answered = criteria.filter((criterion) => {
    const answer = answers[criterion.id];
    return answer?.result != null && (answer.result !== 'not_applicable' || answer.note.trim().length > 0);
  }).length;
  const set = (criterionId: string, change: Partial<Answer>): void =>
    setAnswers((previous) => ({ ...previous, [criterionId]: { ...(previous[criterionId] ?? { result: null, note: '' }), ...change } }));
  const send = useAction(async () => {
    const write = await submit({
      kind: 'assessment',
      label: `${t('assessment.queueLabel')} : ${standardId}`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/sites/${siteId}/assessments`,
      body: {
        standardId, standardVersion: standard.data?.version, assessedOn,
        criteria: criteria.map((criterion) => ({ criterionId: criterion.id, result: answers[criterion.id]?.result, note: answers[criterion.id]?.note.trim() || undefined })),
      },
    });
    setOutcome(write);
    if (write.state !== 'rejected') setAnswers({});
    setSent((value) => value + 1);
  });
  return (
    <Screen title={t('assessment.title')}>
      <SitePicker siteId={siteId} onSite={setSiteId} />
      <Select
        label={t('assessment.standard')}
        value={standardId}
        onValue={(value) => (setStandardId(value), setAnswers({}))}
        options={(standards.data ?? []).map((candidate) => ({ value: candidate.id, label: `${candidate.name[language]} (${candidate.version})` }))}
      />
      <ErrorNotice error={standards.error ?? standard.error} />
      {outcome?.state === 'done' && siteId && <Outcome detail={outcome.result as AssessmentDetail} siteId={siteId} />}
      {outcome?.state === 'pending' && (
        <p class="notice info" role="status">
          {t('assessment.queued')}
        </p>
      )}
      {outcome?.state === 'rejected' && outcome.problem && <ProblemNotice problem={outcome.problem} />}
      {hasRole('admin', 'officer') && standard.data && (
        <form onSubmit={submitTo(send.run)}>
          <Field label={t('assessment.date')} type="date" value={assessedOn} onValue={setAssessedOn} required />
          <p class="hint">{standard.data.licenceNote[language]}</p>
          {standard.data.sections.map((section) => (
            <div key={section.id}>
              <h2>{section.title[language]}</h2>
              {section.requirements.flatMap((requirement) => requirement.criteria).map((criterion) => (
                <fieldset key={criterion.id} class="card" data-testid={`criterion-${criterion.id}`}>
                  <legend>
                    {criterion.must ? `${t('assessment.must')} · ` : ''}
                    {criterion.text[language]}
                  </legend>
                  <p class="hint">{t('assessment.evidence', { evidence: criterion.expectedEvidence[language] })}</p>
                  <div class="choices">
                    {CRITERION_RESULTS.map((result) => (
                      <label key={result} class="check">
                        <input
                          type="radio"
                          name={`result-${criterion.id}`}
                          value={result}
                          checked={answers[criterion.id]?.result === result}
                          onChange={() => set(criterion.id, { result })}
                        />
                        {label('criterionResult', result)}
                      </label>
                    ))}
                  </div>
                  <div class="field">
                    <label for={`note-${criterion.id}`}>{answers[criterion.id]?.result === 'not_applicable' ? t('assessment.noteWhy') : t('assessment.note')}</label>
                    <textarea
                      id={`note-${criterion.id}`}
                      rows={2}
                      required={answers[criterion.id]?.result === 'not_applicable'}
                      value={answers[criterion.id]?.note ?? ''}
                      onInput={(event) => set(criterion.id, { note: event.currentTarget.value })}
                    />
                  </div>
                </fieldset>
              ))}
            </div>
          ))}
          <p aria-live="polite">{t('assessment.progress', { answered, total: criteria.length })}</p>
          <button type="submit" disabled={send.busy || !siteId || answered < criteria.length}>
            {t('assessment.send')}
          </button>
          <ErrorNotice error={send.error} />
        </form>
      )}
      {siteId && (
        <>
          <h2>{t('assessment.history')}</h2>
          <History siteId={siteId} reloadKey={sent} />
        </>
      )}
    </Screen>
  );
}
