import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, submitTo, useAction, useLoad } from '../components/ui';
import { today } from '../cooperative';
import { formatDate, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { navigate } from '../router';
import { session } from '../session';
import { useStore } from '../store';

type CaseView = Schema<'ChildLabourCaseView'>;
type PlanStatus = NonNullable<CaseView['planItems']>[number]['status'];

/** The moves a partner records on a plan item (src/risk/rules/plan-progress.ts says the same). */
const NEXT: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = { planned: ['in_progress', 'done', 'cancelled'], in_progress: ['done', 'cancelled'], done: [], cancelled: [] };
const statusName = (status: PlanStatus): string => t(`partner.status.${status}` as MessageKey);

/** The cooperatives that refer cases to the partner's organisation. */
export function PartnerHome() {
  useLanguage();
  const current = useStore(session);
  const list = useLoad(() => ok(api.GET('/api/v1/partner/cooperatives')), []);
  return (
    <Screen title={t('partner.title', { organisation: current.me?.organisation?.name ?? '' })}>
      <ErrorNotice error={list.error} />
      {list.loading && <Loading />}
      {list.data?.length === 0 && <p>{t('partner.none')}</p>}
      <ul class="list">
        {(list.data ?? []).map((cooperative) => (
          <li key={cooperative.id}>
            <a href={`/partner/${cooperative.id}`} onClick={(event) => (event.preventDefault(), navigate(`/partner/${cooperative.id}`))}>
              <strong>{cooperative.name}</strong>
            </a>
            <span>{cooperative.province}</span>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function VisitForm({ cooperativeId, caseId, onDone }: { readonly cooperativeId: string; readonly caseId: string; readonly onDone: () => void }) {
  const [visitedOn, setVisitedOn] = useState(today);
  const [notes, setNotes] = useState('');
  const [attending, setAttending] = useState(false);
  const save = useAction(async () => {
    await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/partner-cases/{caseId}/visits', {
      params: { path: { cooperativeId, caseId } },
      body: { visitedOn, notes, childAttendingSchool: attending },
    }));
    setNotes('');
    onDone();
  });
  return (
    <form onSubmit={submitTo(save.run)}>
      <Field label={t('partner.visitedOn')} type="date" value={visitedOn} onValue={setVisitedOn} required />
      <Field label={t('partner.notes')} value={notes} onValue={setNotes} required />
      <div class="field">
        <label>
          <input type="checkbox" checked={attending} onChange={(event) => setAttending(event.currentTarget.checked)} /> {t('partner.attending')}
        </label>
      </div>
      <ErrorNotice error={save.error} />
      <button type="submit" disabled={save.busy || notes.trim() === ''}>
        {t('partner.recordVisit')}
      </button>
    </form>
  );
}

function PartnerCase({ cooperativeId, record, onChange }: { readonly cooperativeId: string; readonly record: CaseView; readonly onChange: () => void }) {
  const advance = useAction(async (itemId: string, status: PlanStatus) => {
    await ok(api.PATCH('/api/v1/cooperatives/{cooperativeId}/partner-cases/{caseId}/plan-items/{itemId}', { params: { path: { cooperativeId, caseId: record.id, itemId } }, body: { status } }));
    onChange();
  });
  return (
    <article aria-labelledby={`case-${record.id}`}>
      <h2 id={`case-${record.id}`}>{record.child?.fullName}</h2>
      <p>
        {t('partner.identified', { date: formatDate(record.identifiedOn) })} · {t('partner.state', { state: t(`partner.caseState.${record.state}` as MessageKey) })}
      </p>
      <h3>{t('partner.plan')}</h3>
      <ul class="list">
        {(record.planItems ?? []).map((item) => (
          <li key={item.id}>
            <strong>{item.description}</strong>
            <span>{statusName(item.status)}</span>
            {NEXT[item.status].map((status) => (
              <button key={status} type="button" class="secondary" disabled={advance.busy} onClick={() => void advance.run(item.id, status)}>
                {t('partner.advance', { item: item.description, status: statusName(status) })}
              </button>
            ))}
          </li>
        ))}
      </ul>
      <ErrorNotice error={advance.error} />
      <h3>{t('partner.visits')}</h3>
      {(record.visits ?? []).length === 0 && <p>{t('partner.noVisits')}</p>}
      <ul class="list">
        {(record.visits ?? []).map((visit) => (
          <li key={visit.id}>
            <strong>{formatDate(visit.visitedOn)}</strong>
            <span>{visit.notes}</span>
          </li>
        ))}
      </ul>
      {record.state !== 'closed' && <VisitForm cooperativeId={cooperativeId} caseId={record.id} onDone={onChange} />}
    </article>
  );
}

/** The cases one cooperative referred to the partner's organisation. */
export function PartnerCases({ cooperativeId }: { readonly cooperativeId: string }) {
  useLanguage();
  const cooperatives = useLoad(() => ok(api.GET('/api/v1/partner/cooperatives')), []);
  const cases = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/partner-cases', { params: { path: { cooperativeId } } })), [cooperativeId]);
  const name = cooperatives.data?.find((row) => row.id === cooperativeId)?.name ?? '';
  return (
    <div>
      <p>
        <a href="/partner" onClick={(event) => (event.preventDefault(), navigate('/partner'))}>
          {t('partner.back')}
        </a>
      </p>
      <Screen title={t('partner.cases', { name })}>
        <ErrorNotice error={cases.error} />
        {cases.loading && <Loading />}
        {cases.data?.length === 0 && <p>{t('partner.noCases')}</p>}
        {(cases.data ?? []).map((record) => (
          <PartnerCase key={record.id} cooperativeId={cooperativeId} record={record} onChange={cases.reload} />
        ))}
      </Screen>
    </div>
  );
}
