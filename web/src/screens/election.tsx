import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDate, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { navigate } from '../router';
import { governancePath, loadActiveMembers, matchesMember, memberName, nameOf, ruleWords, type Member } from './governance-common';

type Election = Schema<'ElectionDetailView'>;
type Tally = Schema<'ElectionTallyView'>;

export const electionParams = (electionId: string) => ({ params: { path: { ...cooperativePath(), electionId } } });
export const loadElection = (electionId: string): Promise<Election> => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}', electionParams(electionId)));

function Link({ to, children }: { readonly to: string; readonly children: string }) {
  return (
    <a href={to} onClick={(event) => { event.preventDefault(); navigate(to); }}>
      {children}
    </a>
  );
}

function Candidacies({ election, members, onAdded }: { readonly election: Election; readonly members: readonly Member[]; readonly onAdded: () => void }) {
  const [positionId, setPositionId] = useState(election.positions[0]?.id ?? '');
  const [search, setSearch] = useState('');
  const [memberId, setMemberId] = useState('');
  const add = useAction(async () => {
    await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/candidacies', { ...electionParams(election.id), body: { positionId, memberId } }));
    setMemberId('');
    setSearch('');
    onAdded();
  });
  const standing = new Set(election.candidacies.map((candidacy) => candidacy.memberId));
  const found = members.filter((member) => !standing.has(member.id) && matchesMember(member, search));
  const open = election.status === 'open' && election.voted.length === 0;
  return (
    <section aria-labelledby="candidates-title">
      <h2 id="candidates-title">{t('election.candidates')}</h2>
      {election.positions.map((position) => {
        const candidates = election.candidacies.filter((candidacy) => candidacy.positionId === position.id);
        return (
          <article key={position.id} aria-labelledby={`position-${position.id}`}>
            <h3 id={`position-${position.id}`}>{t('election.positionLine', { title: position.title, seats: position.seats, months: position.termMonths })}</h3>
            {candidates.length === 0 && <p>{t('election.noCandidate')}</p>}
            <ul class="list">
              {candidates.map((candidacy) => (
                <li key={candidacy.id}>
                  <strong>{nameOf(members, candidacy.memberId)}</strong>
                  <span class="ok">{t('election.eligibleSince', { on: formatDate(candidacy.eligibleFrom) })}</span>
                </li>
              ))}
            </ul>
          </article>
        );
      })}
      {open ? (
        <form onSubmit={submitTo(add.run)}>
          <h3>{t('election.addCandidate')}</h3>
          <Select label={t('election.forPosition')} value={positionId} onValue={setPositionId} options={election.positions.map((position) => ({ value: position.id, label: position.title }))} />
          <Field label={t('assembly.findMember')} value={search} onValue={setSearch} type="search" />
          <Select
            label={t('election.candidate')}
            value={memberId}
            onValue={setMemberId}
            required
            options={[{ value: '', label: t('election.chooseCandidate') }, ...found.map((member) => ({ value: member.id, label: `${memberName(member)} (${member.memberNumber}) · ${t('election.memberSince', { on: formatDate(member.membershipDate) })}` }))]}
          />
          <button type="submit" disabled={add.busy || !memberId}>
            {t('election.addCandidate')}
          </button>
          <ErrorNotice error={add.error} />
        </form>
      ) : (
        election.status === 'open' && <p class="hint">{t('election.candidaciesClosed')}</p>
      )}
    </section>
  );
}

function Results({ election, tally, members, onChanged }: { readonly election: Election; readonly tally: Tally; readonly members: readonly Member[]; readonly onChanged: (tally?: Tally) => void }) {
  const [seed, setSeed] = useState('');
  const certify = useAction(async () => onChanged(await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/tally', electionParams(election.id)))));
  const draw = useAction(async (positionId: string) =>
    onChanged(await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/lot-draws', { ...electionParams(election.id), body: { positionId, seed: seed.trim() } }))),
  );
  const secondRound = useAction(async () => {
    const next = await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/second-round', { ...electionParams(election.id), body: {} }));
    navigate(governancePath(election.assemblyId, next.id));
  });
  const undecided = tally.positions.some((position) => position.tally.status !== 'decided');
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('election.results')}</h2>
      <p>{t('election.voters', { count: tally.voters })}</p>
      {tally.positions.map((position) => (
        <article key={position.positionId} aria-labelledby={`result-${position.positionId}`}>
          <h3 id={`result-${position.positionId}`}>{t('election.positionLine', { title: position.title, seats: position.seats, months: position.termMonths })}</h3>
          <p class={position.tally.status === 'decided' ? 'ok' : 'warn'}>{label('tallyStatus', position.tally.status)}</p>
          <p class="hint">
            {ruleWords(position.tally.rule)} · {t('election.tieRule', { rule: label('tieBreak', position.tally.tieBreakRule) })}
            {position.tally.tieBreakApplied ? ` · ${t('election.tieBroken')}` : ''}
          </p>
          <p>{t('election.ballots', position.tally.ballots)}</p>
          <ol class="list">
            {position.tally.ranking.map((score) => (
              <li key={score.memberId}>
                <strong>{nameOf(members, score.memberId)}</strong>
                <span>
                  {t('election.votesFor', { count: score.votes })}
                  {position.tally.elected.some((elected) => elected.memberId === score.memberId) ? ` · ${t('election.elected')}` : ''}
                  {position.tally.tied.some((tied) => tied.memberId === score.memberId) ? ` · ${t('election.tied')}` : ''}
                </span>
              </li>
            ))}
          </ol>
          {position.tally.status === 'draw_required' && election.status !== 'certified' && (
            <form onSubmit={submitTo(() => draw.run(position.positionId))}>
              <Field label={t('election.seed')} value={seed} onValue={setSeed} required hint={t('election.seedHint')} />
              <button type="submit" disabled={draw.busy}>
                {t('election.recordDraw')}
              </button>
              <ErrorNotice error={draw.error} />
            </form>
          )}
        </article>
      ))}
      {tally.nextRoundElectionId && <Link to={governancePath(election.assemblyId, tally.nextRoundElectionId)}>{t('election.toSecondRound')}</Link>}
      {election.status === 'closed' && !tally.nextRoundElectionId && tally.positions.some((position) => position.tally.status === 'second_round_required') && (
        <>
          <button type="button" disabled={secondRound.busy} onClick={() => void secondRound.run()}>
            {t('election.openSecondRound')}
          </button>
          <ErrorNotice error={secondRound.error} />
        </>
      )}
      {election.status === 'closed' && (!undecided || tally.nextRoundElectionId) && (
        <>
          <button type="button" disabled={certify.busy} onClick={() => void certify.run()}>
            {t('election.certify')}
          </button>
          <ErrorNotice error={certify.error} />
        </>
      )}
      {tally.mandates.length > 0 && (
        <>
          <h3>{t('election.mandates')}</h3>
          <ul class="list">
            {tally.mandates.map((mandate) => (
              <li key={mandate.id}>
                <strong>{nameOf(members, mandate.memberId)}</strong>
                <span>
                  {tally.positions.find((position) => position.positionId === mandate.positionId)?.title} · {t('election.mandateDates', { from: formatDate(mandate.startsOn), to: formatDate(mandate.endsOn) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ElectionPage({ assemblyId, electionId }: { readonly assemblyId: string; readonly electionId: string }) {
  useLanguage();
  const election = useLoad(() => loadElection(electionId), [electionId]);
  const members = useLoad(loadActiveMembers, []);
  const [tally, setTally] = useState<Tally | null>(null);
  const [closing, setClosing] = useState(false);
  const closed = election.data !== null && election.data.status !== 'open';
  const results = useLoad(() => (closed ? ok(api.GET('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/tally', electionParams(electionId))) : Promise.resolve(null)), [electionId, closed]);
  const close = useAction(async () => {
    setTally(await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/elections/{electionId}/close', electionParams(electionId))));
    election.reload();
  });
  const shown = tally ?? results.data;
  const data = election.data;
  return (
    <Screen title={data ? t('election.titleOf', { title: data.title, round: data.round }) : t('election.elections')}>
      <p>
        <Link to={governancePath(assemblyId)}>{t('election.backToAssembly')}</Link>
      </p>
      <ErrorNotice error={election.error ?? members.error ?? results.error} />
      {(election.loading || members.loading) && <Loading />}
      {data && members.data && (
        <>
          <p>{label('electionStatus', data.status)}</p>
          <Candidacies election={data} members={members.data} onAdded={election.reload} />
          {data.status === 'open' && (
            <section aria-labelledby="poll-title">
              <h2 id="poll-title">{t('election.poll')}</h2>
              <p>{t('election.registerSigned', { count: data.voted.length })}</p>
              <p class="hint">{t('election.noCountWhileOpen')}</p>
              <Link to={`${governancePath(assemblyId, electionId)}/vote`}>{t('voting.openStation')}</Link>
              {closing ? (
                <>
                  <p>{t('election.confirmClose')}</p>
                  <button type="button" disabled={close.busy} onClick={() => void close.run()}>
                    {t('election.closeNow')}
                  </button>
                  <button type="button" class="secondary" onClick={() => setClosing(false)}>
                    {t('common.cancel')}
                  </button>
                </>
              ) : (
                <button type="button" class="secondary" onClick={() => setClosing(true)}>
                  {t('election.close')}
                </button>
              )}
              <ErrorNotice error={close.error} />
            </section>
          )}
          {shown && <Results election={data} tally={shown} members={members.data} onChanged={(next) => { if (next) setTally(next); election.reload(); }} />}
        </>
      )}
    </Screen>
  );
}
