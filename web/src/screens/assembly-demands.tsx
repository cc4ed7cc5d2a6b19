import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Select, submitTo, useAction } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, t } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { AgendaEditor, matchesMember, memberName, nameOf, ruleWords, type AgendaDraft, type Member } from './governance-common';

type Demand = Schema<'AssemblyDemandView'>;

function DemandLine({ demand, members }: { readonly demand: Demand; readonly members: readonly Member[] | null }) {
  const check = demand.check;
  return (
    <li>
      <strong>
        {formatDate(demand.receivedOn)} · {label('assemblyKind', demand.kind)} · {demand.purpose}
      </strong>
      <span class={demand.valid ? 'ok' : 'warn'}>
        {t(demand.valid ? 'assembly.demandValid' : 'assembly.demandInvalid', { signatories: check.signatories, required: check.required, active: check.activeMembers })}
      </span>
      <span>{ruleWords(check.rule)}</span>
      {check.ignored.length > 0 && (
        <ul>
          {check.ignored.map((problem) => (
            <li key={problem.memberId}>
              {nameOf(members, problem.memberId)} : {label('signatureProblem', problem.code)}
            </li>
          ))}
        </ul>
      )}
      <span>{demand.assemblyId ? t('assembly.demandAnswered') : t('assembly.demandOpen')}</span>
    </li>
  );
}

/** Members' demands for an assembly: recorded with who signed, and the quarter-of-members check in words. */
export function Demands({ demands, error, members, onRecorded }: { readonly demands: readonly Demand[]; readonly error: unknown; readonly members: readonly Member[] | null; readonly onRecorded: () => void }) {
  const [form, setForm] = useState({ receivedOn: today(), kind: 'extraordinary' as Demand['kind'], purpose: '' });
  const [agenda, setAgenda] = useState<AgendaDraft[]>([{ title: '', decisionKind: 'ordinary' }]);
  const [signed, setSigned] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const record = useAction(async () => {
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/assembly-demands', {
        params: { path: cooperativePath() },
        body: { ...form, purpose: form.purpose.trim(), agenda: agenda.map((item) => ({ title: item.title.trim(), decisionKind: item.decisionKind })), signatories: signed },
      }),
    );
    setSigned([]);
    setForm({ ...form, purpose: '' });
    onRecorded();
  });
  const shown = (members ?? []).filter((member) => matchesMember(member, search));
  return (
    <section aria-labelledby="demands-title">
      <h2 id="demands-title">{t('assembly.demands')}</h2>
      <ErrorNotice error={error} />
      {demands.length === 0 && <p>{t('assembly.noDemands')}</p>}
      <ul class="list">
        {demands.map((demand) => (
          <DemandLine key={demand.id} demand={demand} members={members} />
        ))}
      </ul>
      <details>
        <summary>{t('assembly.recordDemand')}</summary>
        <form onSubmit={submitTo(record.run)} aria-label={t('assembly.recordDemand')}>
          <Field label={t('assembly.receivedOn')} value={form.receivedOn} onValue={(receivedOn) => setForm({ ...form, receivedOn })} type="date" required />
          <Select
            label={t('admin.assemblyKind')}
            value={form.kind}
            onValue={(kind) => setForm({ ...form, kind: kind as Demand['kind'] })}
            options={(['ordinary', 'extraordinary'] as const).map((value) => ({ value, label: label('assemblyKind', value) }))}
          />
          <Field label={t('assembly.purpose')} value={form.purpose} onValue={(purpose) => setForm({ ...form, purpose })} required />
          <AgendaEditor items={agenda} onItems={setAgenda} extraordinary={form.kind === 'extraordinary'} />
          <fieldset class="checks">
            <legend>{t('assembly.signatories', { count: signed.length })}</legend>
            <Field label={t('assembly.findMember')} value={search} onValue={setSearch} type="search" />
            {shown.map((member) => (
              <label key={member.id} class="check">
                <input
                  type="checkbox"
                  checked={signed.includes(member.id)}
                  onChange={(event) => setSigned(event.currentTarget.checked ? [...signed, member.id] : signed.filter((id) => id !== member.id))}
                />
                {memberName(member)} ({member.memberNumber})
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={record.busy || signed.length === 0}>
            {t('assembly.saveDemand')}
          </button>
          <ErrorNotice error={record.error} />
        </form>
      </details>
    </section>
  );
}
