import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDate, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { navigate } from '../router';
import { hasRole } from '../session';
import { CommitteeForm } from './savings-committee';
import { StartCycleForm } from './savings-cycle-form';

type SavingsGroup = Schema<'SavingsGroupDetailView'>;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const FREQUENCIES = ['weekly', 'fortnightly'] as const;

/** The cooperative's savings groups: each running cycle's meetings, each group's set-up. */
export function Savings() {
  useLanguage();
  const groups = useLoad(async () => {
    const list = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups', { params: { path: cooperativePath() } }));
    return Promise.all(
      list.map((group) => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}', { params: { path: { ...cooperativePath(), groupId: group.id } } }))),
    );
  }, []);
  return (
    <Screen title={t('savings.title')}>
      <ErrorNotice error={groups.error} />
      {groups.loading && <Loading />}
      {groups.data?.length === 0 && <p>{t('savings.none')}</p>}
      <ul class="tiles">
        {(groups.data ?? []).flatMap((group) =>
          group.cycles
            .filter((cycle) => cycle.status !== 'closed')
            .map((cycle) => (
              <li key={cycle.id}>
                <a
                  class="tile"
                  href={`/savings/${group.id}/cycles/${cycle.id}`}
                  onClick={(event) => (event.preventDefault(), navigate(`/savings/${group.id}/cycles/${cycle.id}`))}
                >
                  <strong>{group.name}</strong>
                  <span>{t('savings.cycle', { from: formatDate(cycle.startsOn), to: formatDate(cycle.plannedEndOn) })}</span>
                </a>
              </li>
            )),
        )}
      </ul>
      {(groups.data ?? []).length > 0 && (
        <section aria-labelledby="all-groups">
          <h2 id="all-groups">{t('savingsGroup.allGroups')}</h2>
          <ul class="list">
            {(groups.data ?? []).map((group) => (
              <li key={group.id}>
                <a href={`/savings/${group.id}`} onClick={(event) => (event.preventDefault(), navigate(`/savings/${group.id}`))}>
                  {t('savingsGroup.setUp', { name: group.name })}
                </a>
                {!group.cycles.some((cycle) => cycle.status !== 'closed') && <small> · {t('savingsGroup.noOpenCycle')}</small>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasRole('admin') && <NewGroupForm />}
    </Screen>
  );
}

/** A treasurer's first step: the group, where and when it meets. */
export function NewGroupForm() {
  const [form, setForm] = useState({ name: '', meetingPlace: '', frequency: 'weekly', meetingWeekday: '1' });
  const { busy, error, run } = useAction(async () => {
    const group = await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups', {
        params: { path: cooperativePath() },
        body: { name: form.name.trim(), meetingPlace: form.meetingPlace.trim(), frequency: form.frequency as 'weekly', meetingWeekday: Number(form.meetingWeekday) },
      }),
    );
    navigate(`/savings/${group.id}`);
  });
  return (
    <form class="new-group" aria-labelledby="new-group" onSubmit={submitTo(run)}>
      <h2 id="new-group">{t('savingsGroup.new')}</h2>
      <Field label={t('savingsGroup.name')} value={form.name} onValue={(name) => setForm({ ...form, name })} required />
      <Field label={t('savingsGroup.place')} value={form.meetingPlace} onValue={(meetingPlace) => setForm({ ...form, meetingPlace })} required />
      <Select
        label={t('savingsGroup.frequency')}
        value={form.frequency}
        onValue={(frequency) => setForm({ ...form, frequency })}
        options={FREQUENCIES.map((value) => ({ value, label: t(`savingsGroup.frequency.${value}` as MessageKey) }))}
      />
      <Select
        label={t('savingsGroup.weekday')}
        value={form.meetingWeekday}
        onValue={(meetingWeekday) => setForm({ ...form, meetingWeekday })}
        options={WEEKDAYS.map((day) => ({ value: String(day), label: t(`weekday.${day}` as MessageKey) }))}
      />
      <button type="submit" disabled={busy}>
        {busy ? t('common.loading') : t('savingsGroup.create')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

async function loadGroup(groupId: string): Promise<SavingsGroup> {
  return ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}', { params: { path: { ...cooperativePath(), groupId } } }));
}

/** The group as its treasurer sets it up: members, treasurers, committee, then a cycle. */
export function GroupPage({ groupId }: { readonly groupId: string }) {
  useLanguage();
  const group = useLoad(() => loadGroup(groupId), [groupId]);
  if (group.error) return <ErrorNotice error={group.error} />;
  if (!group.data) return <Loading />;
  const data = group.data;
  const open = data.cycles.find((cycle) => cycle.status !== 'closed');
  const recorder = hasRole('admin', 'treasurer');
  return (
    <Screen title={data.name}>
      <p>
        {t('savingsGroup.meets', {
          place: data.meetingPlace,
          frequency: t(`savingsGroup.frequency.${data.frequency}` as MessageKey),
          weekday: t(`weekday.${data.meetingWeekday}` as MessageKey),
        })}
      </p>
      {open ? (
        <p>
          <a
            class="button"
            href={`/savings/${data.id}/cycles/${open.id}`}
            onClick={(event) => (event.preventDefault(), navigate(`/savings/${data.id}/cycles/${open.id}`))}
          >
            {t('savingsGroup.openCycle', { from: formatDate(open.startsOn), to: formatDate(open.plannedEndOn) })}
          </a>
        </p>
      ) : (
        <p class="notice info">{t('savingsGroup.noCycle')}</p>
      )}
      <section aria-labelledby="group-members">
        <h2 id="group-members">{t('savingsGroup.members', { count: data.members.length })}</h2>
        <ul class="list members">
          {data.members.map((member) => (
            <li key={member.id}>
              <strong>{member.firstName} {member.lastName}</strong>
              <small>{member.minerId ? t('savingsGroup.registered') : t('savingsGroup.community')} · {t('savingsGroup.joined', { on: formatDate(member.joinedOn) })}</small>
            </li>
          ))}
        </ul>
        {recorder && <AddMemberForm group={data} onAdded={group.reload} />}
      </section>
      {hasRole('admin') && <TreasurersForm group={data} onSaved={group.reload} />}
      <CommitteeForm group={data} canRecord={recorder} onSaved={group.reload} />
      {recorder && !open && <StartCycleForm groupId={data.id} onStarted={(cycleId) => navigate(`/savings/${data.id}/cycles/${cycleId}`)} />}
    </Screen>
  );
}

function AddMemberForm({ group, onAdded }: { readonly group: SavingsGroup; readonly onAdded: () => void }) {
  const [mode, setMode] = useState<'registered' | 'community'>('registered');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Schema<'MinerSummaryView'>[] | null>(null);
  const [person, setPerson] = useState({ firstName: '', lastName: '', sex: '', phone: '' });
  const [added, setAdded] = useState<string | null>(null);
  const search = useAction(async () => {
    const page = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/miners', { params: { path: cooperativePath(), query: { q: q.trim() || undefined, limit: 10 } } }));
    const already = new Set(group.members.map((member) => member.minerId));
    setFound(page.items.filter((miner) => !already.has(miner.id)));
  });
  const add = useAction(async (body: Schema<'AddMemberDto'>) => {
    const member = await ok(api.POST('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/members', { params: { path: { ...cooperativePath(), groupId: group.id } }, body }));
    setAdded(`${member.firstName} ${member.lastName}`);
    setFound(null);
    setQ('');
    setPerson({ firstName: '', lastName: '', sex: '', phone: '' });
    onAdded();
  });
  return (
    <div class="add-member">
      <h3>{t('savingsGroup.addMember')}</h3>
      <div class="segmented" role="group" aria-label={t('savingsGroup.addMember')}>
        {(['registered', 'community'] as const).map((value) => (
          <button key={value} type="button" class={mode === value ? undefined : 'secondary'} aria-pressed={mode === value} onClick={() => setMode(value)}>
            {t(`savingsGroup.mode.${value}` as MessageKey)}
          </button>
        ))}
      </div>
      {mode === 'registered' ? (
        <form role="search" onSubmit={submitTo(search.run)}>
          <Field label={t('savingsGroup.searchMiner')} value={q} onValue={setQ} type="search" />
          <button type="submit" class="secondary" disabled={search.busy}>
            {t('savingsGroup.search')}
          </button>
          <ErrorNotice error={search.error} />
          {found?.length === 0 && <p>{t('savingsGroup.noneFound')}</p>}
          <ul class="list">
            {(found ?? []).map((miner) => (
              <li key={miner.id}>
                <span>
                  {miner.firstName} {miner.lastName} · {miner.memberNumber}
                </span>
                <button type="button" disabled={add.busy} onClick={() => void add.run({ minerId: miner.id })}>
                  {t('savingsGroup.addThis', { name: `${miner.firstName} ${miner.lastName}` })}
                </button>
              </li>
            ))}
          </ul>
        </form>
      ) : (
        <form
          onSubmit={submitTo(() =>
            add.run({
              firstName: person.firstName.trim(),
              lastName: person.lastName.trim(),
              ...(person.sex ? { sex: person.sex as 'F' | 'M' } : {}),
              ...(person.phone.trim() ? { phone: person.phone.trim() } : {}),
            }),
          )}
        >
          <Field label={t('savingsGroup.firstName')} value={person.firstName} onValue={(firstName) => setPerson({ ...person, firstName })} required />
          <Field label={t('savingsGroup.lastName')} value={person.lastName} onValue={(lastName) => setPerson({ ...person, lastName })} required />
          <Select
            label={t('savingsGroup.sex')}
            value={person.sex}
            onValue={(sex) => setPerson({ ...person, sex })}
            options={[{ value: '', label: '—' }, { value: 'F', label: t('members.sexF') }, { value: 'M', label: t('members.sexM') }]}
          />
          <Field label={t('savingsGroup.phone')} value={person.phone} onValue={(phone) => setPerson({ ...person, phone })} type="tel" inputMode="tel" />
          <button type="submit" disabled={add.busy}>
            {t('savingsGroup.addPerson')}
          </button>
        </form>
      )}
      <ErrorNotice error={add.error} />
      {added && (
        <p class="notice success" role="status">
          {t('savingsGroup.added', { name: added })}
        </p>
      )}
    </div>
  );
}

function TreasurersForm({ group, onSaved }: { readonly group: SavingsGroup; readonly onSaved: () => void }) {
  const users = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/users', { params: { path: cooperativePath() } })), []);
  const [chosen, setChosen] = useState<readonly string[]>(group.treasurerIds);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction(async () => {
    await ok(api.PUT('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/treasurers', { params: { path: { ...cooperativePath(), groupId: group.id } }, body: { userIds: [...chosen] } }));
    setSaved(true);
    onSaved();
  });
  const treasurers = (users.data ?? []).filter((user) => user.roles.includes('treasurer'));
  return (
    <form aria-labelledby="group-treasurers" onSubmit={submitTo(run)}>
      <h2 id="group-treasurers">{t('savingsGroup.treasurers')}</h2>
      <ErrorNotice error={users.error} />
      {users.data && treasurers.length === 0 && <p>{t('savingsGroup.noTreasurer')}</p>}
      {treasurers.map((user) => (
        <label key={user.id} class="check">
          <input
            type="checkbox"
            checked={chosen.includes(user.id)}
            onChange={(event) => (setSaved(false), setChosen(event.currentTarget.checked ? [...chosen, user.id] : chosen.filter((id) => id !== user.id)))}
          />
          {user.name}
        </label>
      ))}
      <button type="submit" class="secondary" disabled={busy || treasurers.length === 0}>
        {t('savingsGroup.saveTreasurers')}
      </button>
      <ErrorNotice error={error} />
      {saved && (
        <p class="notice success" role="status">
          {t('savingsGroup.treasurersSaved', { names: treasurers.filter((user) => chosen.includes(user.id)).map((user) => user.name).join(', ') || '—' })}
        </p>
      )}
    </form>
  );
}
