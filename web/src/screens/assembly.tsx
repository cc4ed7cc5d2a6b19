import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, PdfButton, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDate, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { navigate } from '../router';
import { cooperativeApiPath, governancePath, loadActiveMembers, matchesMember, memberName, nameOf, ruleWords, type Member } from './governance-common';
import { Resolutions } from './assembly-resolutions';

type Detail = Schema<'AssemblyDetailView'>;
type Mode = 'absent' | 'present' | 'represented';
interface Line {
  readonly mode: Mode;
  readonly holder: string;
}

const assemblyParams = (assemblyId: string) => ({ params: { path: { ...cooperativePath(), assemblyId } } });

/** Who came, who sent a proxy to whom; the quorum as the server counts it, updated as the desk ticks. */
function Attendance({ detail, members, onSaved }: { readonly detail: Detail; readonly members: readonly Member[]; readonly onSaved: () => void }) {
  const fromServer = (): Record<string, Line> =>
    Object.fromEntries(detail.attendance.map((entry) => [entry.memberId, { mode: entry.mode, holder: entry.proxyHolderId ?? '' }]));
  const [lines, setLines] = useState<Record<string, Line>>(fromServer);
  const [search, setSearch] = useState('');
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    setLines(fromServer());
    setChanged(false);
  }, [detail]);
  const editable = detail.status === 'convened';
  const lineOf = (id: string): Line => lines[id] ?? { mode: 'absent', holder: '' };
  const set = (id: string, line: Line): void => {
    setLines({ ...lines, [id]: line });
    setChanged(true);
  };
  const present = members.filter((member) => lineOf(member.id).mode === 'present');
  const represented = members.filter((member) => lineOf(member.id).mode === 'represented').length;
  const counted = present.length + represented;
  const quorum = detail.quorum;
  const reached = quorum ? counted >= quorum.required : false;
  const save = useAction(async () => {
    const entries = members
      .filter((member) => lineOf(member.id).mode !== 'absent')
      .map((member) => {
        const line = lineOf(member.id);
        return line.mode === 'present' ? { memberId: member.id, mode: 'present' as const } : { memberId: member.id, mode: 'represented' as const, proxyHolderId: line.holder || undefined };
      });
    await ok(api.PUT('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}/attendance', { ...assemblyParams(detail.id), body: { entries } }));
    onSaved();
  });
  const open = useAction(async () => {
    await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}/open', assemblyParams(detail.id)));
    onSaved();
  });
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('assembly.attendance')}</h2>
      <div class={`notice ${reached ? 'success' : 'info'}`} role="status" aria-live="polite" data-testid="quorum">
        <p>
          <strong>{t(reached ? 'assembly.quorumReached' : 'assembly.quorumNotReached')}</strong>
        </p>
        <p>{t('assembly.quorumCount', { present: present.length, represented, counted, active: quorum?.activeMembers ?? members.length })}</p>
        {quorum && <p>{t('assembly.quorumRequired', { required: quorum.required, rule: ruleWords(quorum.rule), source: label('quorumSource', quorum.source) })}</p>}
        {detail.quorumRecorded && <p>{t('assembly.quorumRecorded')}</p>}
        {changed && <p>{t('assembly.unsaved')}</p>}
      </div>
      {editable && <Field label={t('assembly.findMember')} value={search} onValue={setSearch} type="search" />}
      <ul class="list register">
        {members
          .filter((member) => !editable || matchesMember(member, search))
          .filter((member) => editable || lineOf(member.id).mode !== 'absent')
          .map((member) => {
            const line = lineOf(member.id);
            const name = `${memberName(member)} (${member.memberNumber})`;
            return (
              <li key={member.id}>
                <strong>{name}</strong>
                {editable ? (
                  <>
                    <Select
                      label={t('assembly.modeOf', { name })}
                      value={line.mode}
                      onValue={(mode) => set(member.id, { mode: mode as Mode, holder: '' })}
                      options={(['absent', 'present', 'represented'] as const).map((value) => ({ value, label: t(`assembly.mode.${value}`) }))}
                    />
                    {line.mode === 'represented' && (
                      <Select
                        label={t('assembly.holderOf', { name })}
                        value={line.holder}
                        onValue={(holder) => set(member.id, { mode: 'represented', holder })}
                        options={[{ value: '', label: t('assembly.chooseHolder') }, ...present.filter((holder) => holder.id !== member.id).map((holder) => ({ value: holder.id, label: memberName(holder) }))]}
                      />
                    )}
                  </>
                ) : (
                  <span>{line.mode === 'represented' ? t('assembly.representedBy', { name: nameOf(members, line.holder) }) : t('assembly.mode.present')}</span>
                )}
              </li>
            );
          })}
      </ul>
      {editable && (
        <>
          <button type="button" disabled={save.busy} onClick={() => void save.run()}>
            {t('assembly.saveAttendance')}
          </button>
          <ErrorNotice error={save.error} />
          <button type="button" disabled={open.busy || changed} onClick={() => void open.run()}>
            {t('assembly.open')}
          </button>
          {changed && <p class="hint">{t('assembly.saveBeforeOpening')}</p>}
          <ErrorNotice error={open.error} />
        </>
      )}
    </section>
  );
}

function Elections({ detail }: { readonly detail: Detail }) {
  const [title, setTitle] = useState('');
  const [governingBody, setGoverningBody] = useState(true);
  const [positions, setPositions] = useState([{ title: '', seats: '1', termMonths: '24' }]);
  const create = useAction(async () => {
    const election = await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}/elections', {
        ...assemblyParams(detail.id),
        body: { title: title.trim(), governingBody, positions: positions.map((position) => ({ title: position.title.trim(), seats: Number(position.seats), termMonths: Number(position.termMonths) })) },
      }),
    );
    navigate(governancePath(detail.id, election.id));
  });
  const setPosition = (index: number, change: Partial<(typeof positions)[number]>): void => setPositions(positions.map((position, at) => (at === index ? { ...position, ...change } : position)));
  return (
    <section aria-labelledby="elections-title">
      <h2 id="elections-title">{t('election.elections')}</h2>
      {detail.elections.length === 0 && <p>{t('election.none')}</p>}
      <ul class="list">
        {detail.elections.map((election) => (
          <li key={election.id}>
            <strong>{election.title}</strong>
            <span>{label('electionStatus', election.status)}</span>
            <a href={governancePath(detail.id, election.id)} onClick={(event) => { event.preventDefault(); navigate(governancePath(detail.id, election.id)); }}>
              {t('election.openPage', { title: election.title })}
            </a>
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('election.create')}</summary>
        <form onSubmit={submitTo(create.run)}>
          <Field label={t('election.title')} value={title} onValue={setTitle} required />
          <label class="check">
            <input type="checkbox" checked={governingBody} onChange={(event) => setGoverningBody(event.currentTarget.checked)} />
            {t('election.governingBody')}
          </label>
          {positions.map((position, index) => (
            <fieldset key={index}>
              <legend>{t('election.position', { n: index + 1 })}</legend>
              <Field label={t('election.positionTitle', { n: index + 1 })} value={position.title} onValue={(value) => setPosition(index, { title: value })} required />
              <Field label={t('election.seats', { n: index + 1 })} value={position.seats} onValue={(seats) => setPosition(index, { seats })} type="number" min={1} max={50} required />
              <Field label={t('election.termMonths', { n: index + 1 })} value={position.termMonths} onValue={(termMonths) => setPosition(index, { termMonths })} type="number" min={1} max={120} required />
            </fieldset>
          ))}
          <button type="button" class="secondary" onClick={() => setPositions([...positions, { title: '', seats: '1', termMonths: '24' }])}>
            {t('election.addPosition')}
          </button>
          <button type="submit" disabled={create.busy}>
            {t('election.create')}
          </button>
          <ErrorNotice error={create.error} />
        </form>
      </details>
    </section>
  );
}

export function AssemblyPage({ assemblyId }: { readonly assemblyId: string }) {
  useLanguage();
  const detail = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}', assemblyParams(assemblyId))), [assemblyId]);
  const members = useLoad(loadActiveMembers, []);
  const assembly = detail.data;
  return (
    <Screen title={assembly ? t('assembly.titleOf', { kind: label('assemblyKind', assembly.kind), date: formatDate(assembly.heldOn) }) : t('admin.governance')}>
      <p>
        <a href={governancePath()} onClick={(event) => { event.preventDefault(); navigate(governancePath()); }}>
          {t('assembly.back')}
        </a>
      </p>
      <ErrorNotice error={detail.error ?? members.error} />
      {(detail.loading || members.loading) && <Loading />}
      {assembly && (
        <>
          <p>
            {assembly.place} · {t(assembly.callNumber === 2 ? 'governance.secondCall' : 'governance.call')} · {label('assemblyStatus', assembly.status)}
          </p>
          <p class="hint">{t('assembly.noticeGiven', { on: formatDate(assembly.noticeOn), rule: ruleWords(assembly.noticeRule) })}</p>
          {members.data && <Attendance detail={assembly} members={members.data} onSaved={detail.reload} />}
          {assembly.status === 'open' && <Resolutions detail={assembly} onRecorded={detail.reload} />}
          {assembly.status === 'open' && <Elections detail={assembly} />}
          <PdfButton path={`${cooperativeApiPath()}/assemblies/${assembly.id}/minutes.pdf`} fileName={`pv-${assembly.heldOn}.pdf`} label={t('admin.minutes')} />
        </>
      )}
    </Screen>
  );
}
