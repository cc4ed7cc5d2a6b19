import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { NetworkError } from '../api/problem';
import { ErrorNotice, Field, Loading, Screen, useAction, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { t, useLanguage } from '../i18n/i18n';
import { navigate } from '../router';
import { governancePath, loadActiveMembers, matchesMember, memberName, nameOf, type Member } from './governance-common';
import { electionParams, loadElection } from './election';

type Election = Schema<'ElectionDetailView'>;
type Choices = Readonly<Record<string, readonly string[]>>;

/** Sent straight to the server, never through the offline queue: a ballot waits on no phone. */
async function castBallot(electionId: string, voterMemberId: string, choices: Choices): Promise<void> {
  if (!navigator.onLine) throw new NetworkError();
  await ok(
    api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/ballots', {
      ...electionParams(electionId),
      body: { voterMemberId, choices: Object.entries(choices).map(([positionId, memberIds]) => ({ positionId, memberIds: [...memberIds] })) },
    }),
  );
}

/** While the voter holds the phone, the header and the menu cannot be reached. */
function useShellInert(): void {
  useEffect(() => {
    const shell = [...document.querySelectorAll<HTMLElement>('.app > header, .app > nav, .app > .skip')];
    for (const element of shell) element.inert = true;
    return () => {
      for (const element of shell) element.inert = false;
    };
  }, []);
}

/**
 * The ballot, and nothing else: the candidates' names, no earlier ballot, no count, no other
 * voter. Its choices live in this component alone and go with it when it closes.
 */
function Booth({ election, members, voterId, onDone, onCancel }: { readonly election: Election; readonly members: readonly Member[]; readonly voterId: string; readonly onDone: () => void; readonly onCancel: () => void }) {
  useShellInert();
  const [choices, setChoices] = useState<Choices>({});
  const [confirming, setConfirming] = useState(false);
  const cast = useAction(async () => {
    await castBallot(election.id, voterId, choices);
    onDone();
  });
  const toggle = (positionId: string, memberId: string, seats: number): void => {
    const chosen = choices[positionId] ?? [];
    const next = seats === 1 ? [memberId] : chosen.includes(memberId) ? chosen.filter((id) => id !== memberId) : chosen.length < seats ? [...chosen, memberId] : chosen;
    setChoices({ ...choices, [positionId]: next });
  };
  return (
    <section class="booth" role="dialog" aria-modal="true" aria-labelledby="booth-title">
      <h1 id="booth-title" tabIndex={-1} ref={(element) => element?.focus()}>
        {t('voting.ballotTitle', { title: election.title })}
      </h1>
      {confirming ? (
        <>
          <p>{t('voting.confirmIntro')}</p>
          <ul class="list">
            {election.positions.map((position) => (
              <li key={position.id}>
                <strong>{position.title}</strong>
                <span>{(choices[position.id] ?? []).length === 0 ? t('voting.blank') : (choices[position.id] ?? []).map((id) => nameOf(members, id)).join(', ')}</span>
              </li>
            ))}
          </ul>
          <button type="button" disabled={cast.busy} onClick={() => void cast.run()}>
            {t('voting.cast')}
          </button>
          <button type="button" class="secondary" disabled={cast.busy} onClick={() => setConfirming(false)}>
            {t('voting.change')}
          </button>
          {cast.error instanceof NetworkError ? (
            <p class="notice error" role="alert">
              {t('voting.offline')}
            </p>
          ) : (
            <ErrorNotice error={cast.error} />
          )}
        </>
      ) : (
        <>
          <p>{t('voting.alone')}</p>
          {election.positions.map((position) => {
            const chosen = choices[position.id] ?? [];
            return (
              <fieldset key={position.id} class="checks">
                <legend>{t(position.seats === 1 ? 'voting.chooseOne' : 'voting.chooseUpTo', { title: position.title, seats: position.seats })}</legend>
                {election.candidacies
                  .filter((candidacy) => candidacy.positionId === position.id)
                  .map((candidacy) => (
                    <label key={candidacy.id} class="check">
                      <input
                        type={position.seats === 1 ? 'radio' : 'checkbox'}
                        name={`position-${position.id}`}
                        autoComplete="off"
                        checked={chosen.includes(candidacy.memberId)}
                        onChange={() => toggle(position.id, candidacy.memberId, position.seats)}
                      />
                      {nameOf(members, candidacy.memberId)}
                    </label>
                  ))}
                {chosen.length > 0 && (
                  <button type="button" class="link" onClick={() => setChoices({ ...choices, [position.id]: [] })}>
                    {t('voting.clear', { title: position.title })}
                  </button>
                )}
              </fieldset>
            );
          })}
          <button type="button" onClick={() => setConfirming(true)}>
            {t('voting.review')}
          </button>
        </>
      )}
      <button type="button" class="link" disabled={cast.busy} onClick={onCancel}>
        {t('voting.giveBack')}
      </button>
    </section>
  );
}

/**
 * The polling table on one phone: the secretary finds the voter on the register (present or
 * represented, those who voted marked), hands the phone over, and gets it back on this screen.
 */
export function VotingStation({ assemblyId, electionId }: { readonly assemblyId: string; readonly electionId: string }) {
  useLanguage();
  const election = useLoad(() => loadElection(electionId), [electionId]);
  const assembly = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/assemblies/{assemblyId}', { params: { path: { ...cooperativePath(), assemblyId } } })), [assemblyId]);
  const members = useLoad(loadActiveMembers, []);
  const [search, setSearch] = useState('');
  const [identified, setIdentified] = useState<string | null>(null);
  const [inBooth, setInBooth] = useState(false);
  const [lastVoter, setLastVoter] = useState<string | null>(null);
  // Who voted here since the register was loaded (never how): marked at once, before the reload answers.
  const [votedHere, setVotedHere] = useState<readonly string[]>([]);
  const data = election.data;
  if (data && members.data && inBooth && identified) {
    const back = (voted: boolean): void => {
      setInBooth(false);
      setIdentified(null);
      setLastVoter(voted ? identified : null);
      if (voted) setVotedHere([...votedHere, identified]);
      setSearch('');
      election.reload();
    };
    return <Booth key={identified} election={data} members={members.data} voterId={identified} onDone={() => back(true)} onCancel={() => back(false)} />;
  }
  const voted = new Set([...(data?.voted ?? []), ...votedHere]);
  // In the register's alphabetical order, as the desk reads names out.
  const attendance = new Map((assembly.data?.attendance ?? []).map((entry) => [entry.memberId, entry]));
  const register = (members.data ?? []).flatMap((member) => {
    const entry = attendance.get(member.id);
    return entry && matchesMember(member, search) ? [entry] : [];
  });
  return (
    <Screen title={t('voting.title')}>
      <p>
        <a href={governancePath(assemblyId, electionId)} onClick={(event) => { event.preventDefault(); navigate(governancePath(assemblyId, electionId)); }}>
          {t('voting.back')}
        </a>
      </p>
      <ErrorNotice error={election.error ?? assembly.error ?? members.error} />
      {(election.loading || assembly.loading || members.loading) && <Loading />}
      {lastVoter && (
        <p class="notice success" role="status">
          {t('voting.recorded', { name: nameOf(members.data, lastVoter) })}
        </p>
      )}
      {data && data.status !== 'open' && <p class="notice info">{t('voting.pollClosed')}</p>}
      {data?.status === 'open' && (
        <>
          <p class="hint">{t('voting.registerHint')}</p>
          <Field label={t('voting.findVoter')} value={search} onValue={setSearch} type="search" />
          <ul class="list register">
            {register.map((entry) => {
              const member = members.data?.find((candidate) => candidate.id === entry.memberId);
              const name = member ? `${memberName(member)} (${member.memberNumber})` : '';
              const hasVoted = voted.has(entry.memberId);
              return (
                <li key={entry.memberId} class={identified === entry.memberId ? 'chosen' : undefined}>
                  <strong>{name}</strong>
                  <span>{entry.mode === 'represented' ? t('assembly.representedBy', { name: nameOf(members.data, entry.proxyHolderId ?? '') }) : t('assembly.mode.present')}</span>
                  {hasVoted ? (
                    <span class="ok">{t('voting.hasVoted')}</span>
                  ) : (
                    <button type="button" class="secondary" aria-pressed={identified === entry.memberId} onClick={() => { setIdentified(entry.memberId); setLastVoter(null); }}>
                      {t('voting.identify', { name })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {identified && (
            <div class="handover">
              <p>{t('voting.identified', { name: nameOf(members.data, identified) })}</p>
              {navigator.onLine ? (
                <button type="button" onClick={() => setInBooth(true)}>
                  {t('voting.handOver')}
                </button>
              ) : (
                <p class="notice error" role="alert">
                  {t('voting.offline')}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </Screen>
  );
}
