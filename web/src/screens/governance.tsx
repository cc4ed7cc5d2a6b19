import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { navigate } from '../router';
import { AgendaEditor, governancePath, loadActiveMembers, ruleWords, type AgendaDraft } from './governance-common';
import { Demands } from './assembly-demands';

type Assembly = Schema<'AssemblyView'>;
type Demand = Schema<'AssemblyDemandView'>;

function AssemblyLine({ assembly }: { readonly assembly: Assembly }) {
  return (
    <li>
      <strong>
        {formatDate(assembly.heldOn)} · {label('assemblyKind', assembly.kind)}
      </strong>
      <span>
        {assembly.place} · {t(assembly.callNumber === 2 ? 'governance.secondCall' : 'governance.call')} · {label('assemblyStatus', assembly.status)}
      </span>
      <a href={governancePath(assembly.id)} onClick={(event) => { event.preventDefault(); navigate(governancePath(assembly.id)); }}>
        {t('assembly.openPage', { date: formatDate(assembly.heldOn) })}
      </a>
    </li>
  );
}

const EMPTY_AGENDA: AgendaDraft[] = [{ title: '', decisionKind: 'ordinary' }];

function Convene({ assemblies, demands, onConvened }: { readonly assemblies: readonly Assembly[]; readonly demands: readonly Demand[]; readonly onConvened: () => void }) {
  const [form, setForm] = useState({ kind: 'ordinary' as Assembly['kind'], heldOn: '', place: '', noticeOn: today(), callNumber: '1', firstCallAssemblyId: '', demandId: '' });
  const [agenda, setAgenda] = useState<AgendaDraft[]>(EMPTY_AGENDA);
  const firstCalls = assemblies.filter((assembly) => assembly.callNumber === 1 && assembly.kind === form.kind);
  const openDemands = demands.filter((demand) => demand.valid && !demand.assemblyId && demand.kind === form.kind);
  const convene = useAction(async () => {
    const assembly = await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/assemblies', {
        params: { path: cooperativePath() },
        body: {
          kind: form.kind,
          heldOn: form.heldOn,
          place: form.place.trim(),
          callNumber: form.callNumber === '2' ? 2 : 1,
          firstCallAssemblyId: form.callNumber === '2' && form.firstCallAssemblyId ? form.firstCallAssemblyId : undefined,
          demandId: form.demandId || undefined,
          noticeOn: form.noticeOn,
          agenda: agenda.map((item) => ({ title: item.title.trim(), decisionKind: item.decisionKind })),
        },
      }),
    );
    setAgenda(EMPTY_AGENDA);
    onConvened();
    navigate(governancePath(assembly.id));
  });
  const useDemand = (demandId: string): void => {
    setForm({ ...form, demandId });
    const demand = demands.find((candidate) => candidate.id === demandId);
    if (demand) setAgenda(demand.agenda.map((item) => ({ title: item.title, decisionKind: item.decisionKind as AgendaDraft['decisionKind'] })));
  };
  return (
    <form onSubmit={submitTo(convene.run)} aria-labelledby="convene-title">
      <h2 id="convene-title">{t('admin.convene')}</h2>
      <Select
        label={t('admin.assemblyKind')}
        value={form.kind}
        onValue={(kind) => {
          setForm({ ...form, kind: kind as Assembly['kind'], demandId: '', firstCallAssemblyId: '' });
          if (kind !== 'extraordinary') setAgenda(agenda.map((item) => ({ ...item, decisionKind: 'ordinary' })));
        }}
        options={(['ordinary', 'extraordinary', 'constitutive'] as const).map((value) => ({ value, label: label('assemblyKind', value) }))}
      />
      <Select
        label={t('assembly.call')}
        value={form.callNumber}
        onValue={(callNumber) => setForm({ ...form, callNumber })}
        options={[
          { value: '1', label: t('governance.call') },
          { value: '2', label: t('governance.secondCall') },
        ]}
      />
      {form.callNumber === '2' && (
        <Select
          label={t('assembly.firstCall')}
          value={form.firstCallAssemblyId}
          onValue={(firstCallAssemblyId) => setForm({ ...form, firstCallAssemblyId })}
          required
          options={[{ value: '', label: t('assembly.chooseFirstCall') }, ...firstCalls.map((assembly) => ({ value: assembly.id, label: `${formatDate(assembly.heldOn)} · ${assembly.place}` }))]}
        />
      )}
      {openDemands.length > 0 && (
        <Select
          label={t('assembly.answersDemand')}
          value={form.demandId}
          onValue={useDemand}
          options={[{ value: '', label: t('assembly.noDemand') }, ...openDemands.map((demand) => ({ value: demand.id, label: `${formatDate(demand.receivedOn)} · ${demand.purpose}` }))]}
        />
      )}
      <Field label={t('admin.heldOn')} value={form.heldOn} onValue={(heldOn) => setForm({ ...form, heldOn })} type="date" required />
      <Field label={t('admin.noticeOn')} value={form.noticeOn} onValue={(noticeOn) => setForm({ ...form, noticeOn })} type="date" required hint={t('assembly.noticeHint')} />
      <Field label={t('admin.place')} value={form.place} onValue={(place) => setForm({ ...form, place })} required />
      <AgendaEditor items={agenda} onItems={setAgenda} extraordinary={form.kind === 'extraordinary'} />
      <button type="submit" disabled={convene.busy}>
        {t('admin.convene')}
      </button>
      <ErrorNotice error={convene.error} />
    </form>
  );
}

function Declare({ bylaw, onDeclared }: { readonly bylaw: Schema<'BylawVersionView'>; readonly onDeclared: () => void }) {
  const [declaredOn, setDeclaredOn] = useState(today());
  const declare = useAction(async () => {
    await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/bylaws/{versionId}/declaration', { params: { path: { ...cooperativePath(), versionId: bylaw.id } }, body: { declaredOn } }));
    onDeclared();
  });
  return (
    <form onSubmit={submitTo(declare.run)} aria-label={t('assembly.declareVersion', { version: bylaw.version })}>
      <Field label={t('assembly.declaredOn', { version: bylaw.version })} value={declaredOn} onValue={setDeclaredOn} type="date" required />
      <button type="submit" class="secondary" disabled={declare.busy}>
        {t('assembly.declareVersion', { version: bylaw.version })}
      </button>
      <ErrorNotice error={declare.error} />
    </form>
  );
}

function Bylaws() {
  const bylaws = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/bylaws', { params: { path: cooperativePath() } })), []);
  return (
    <section aria-labelledby="bylaws-title">
      <h2 id="bylaws-title">{t('admin.bylaws')}</h2>
      <ErrorNotice error={bylaws.error} />
      {bylaws.data?.length === 0 && <p>{t('governance.noBylaws')}</p>}
      <ul class="list">
        {(bylaws.data ?? []).map((bylaw) => (
          <li key={bylaw.id}>
            <strong>{t('assembly.bylawVersion', { version: bylaw.version, on: formatDate(bylaw.adoptedOn) })}</strong>
            <span class={bylaw.declaration.status === 'overdue' || bylaw.declaration.status === 'late' ? 'warn' : undefined}>
              {t(`assembly.declaration.${bylaw.declaration.status}`, { deadline: formatDate(bylaw.declaration.deadline), days: bylaw.declaration.daysLate || bylaw.declaration.daysLeft, on: formatDate(bylaw.declaredOn) })}
            </span>
            <span>
              {t('assembly.tieRule', { rule: label('tieBreak', bylaw.settings.electionTieBreak ?? 'second_round') })}
              {bylaw.settings.proxiesAllowed === false ? ` · ${t('assembly.noProxies')}` : ''}
            </span>
            {!bylaw.declaredOn && <Declare bylaw={bylaw} onDeclared={bylaws.reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Governance() {
  useLanguage();
  const assemblies = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/assemblies', { params: { path: cooperativePath() } })), []);
  const demands = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/assembly-demands', { params: { path: cooperativePath() } })), []);
  const members = useLoad(loadActiveMembers, []);
  return (
    <Screen title={t('admin.governance')}>
      <h2>{t('admin.assemblies')}</h2>
      <ErrorNotice error={assemblies.error} />
      {assemblies.loading && <Loading />}
      {assemblies.data?.length === 0 && <p>{t('governance.noAssemblies')}</p>}
      <ul class="list">
        {(assemblies.data ?? []).map((assembly) => (
          <AssemblyLine key={assembly.id} assembly={assembly} />
        ))}
      </ul>
      <Convene assemblies={assemblies.data ?? []} demands={demands.data ?? []} onConvened={assemblies.reload} />
      <Demands demands={demands.data ?? []} error={demands.error} members={members.data} onRecorded={demands.reload} />
      <Bylaws />
      <p class="hint">{ruleWords('OHADA_NOTICE_15_DAYS')}</p>
    </Screen>
  );
}
