import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Select, submitTo, useAction } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, t, type MessageKey } from '../i18n/i18n';
import { memberChoices, memberName } from './savings-words';

type SavingsGroup = Schema<'SavingsGroupDetailView'>;

const SINGLE_SEATS = ['president', 'secretary', 'treasurer', 'boxKeeper'] as const;
type Seat = (typeof SINGLE_SEATS)[number] | 'counter0' | 'counter1' | 'keyHolder0' | 'keyHolder1' | 'keyHolder2';
const SEATS: readonly Seat[] = ['president', 'secretary', 'treasurer', 'counter0', 'counter1', 'keyHolder0', 'keyHolder1', 'keyHolder2', 'boxKeeper'];

function seatLabel(seat: Seat): string {
  if (seat.startsWith('counter')) return t('committee.counter', { n: Number(seat.slice(-1)) + 1 });
  if (seat.startsWith('keyHolder')) return t('committee.keyHolder', { n: Number(seat.slice(-1)) + 1 });
  return t(`committee.${seat}` as MessageKey);
}

/**
 * The committee the group elected, its two money counters and the three holders of the box's
 * keys (who may not sit on the committee: the server refuses it and says why).
 */
export function CommitteeForm({ group, canRecord, onSaved }: { readonly group: SavingsGroup; readonly canRecord: boolean; readonly onSaved: () => void }) {
  const current = group.committee as Schema<'SavingsCommitteeView'> | null;
  const [electedOn, setElectedOn] = useState(today());
  const [seats, setSeats] = useState<Record<Seat, string>>(() => ({
    president: current?.president ?? '',
    secretary: current?.secretary ?? '',
    treasurer: current?.treasurer ?? '',
    counter0: current?.counters[0] ?? '',
    counter1: current?.counters[1] ?? '',
    keyHolder0: current?.keyHolders[0] ?? '',
    keyHolder1: current?.keyHolders[1] ?? '',
    keyHolder2: current?.keyHolders[2] ?? '',
    boxKeeper: current?.boxKeeper ?? '',
  }));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction(async () => {
    await ok(
      api.PUT('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/committee', {
        params: { path: { ...cooperativePath(), groupId: group.id } },
        body: {
          electedOn,
          president: seats.president,
          secretary: seats.secretary,
          treasurer: seats.treasurer,
          counters: [seats.counter0, seats.counter1].filter(Boolean),
          keyHolders: [seats.keyHolder0, seats.keyHolder1, seats.keyHolder2].filter(Boolean),
          boxKeeper: seats.boxKeeper,
        },
      }),
    );
    setSaved(true);
    onSaved();
  });
  const options = memberChoices(group);
  return (
    <section aria-labelledby="group-committee">
      <h2 id="group-committee">{t('committee.title')}</h2>
      {current ? (
        <dl class="committee">
          {SEATS.map((seat) => (
            <div key={seat}>
              <dt>{seatLabel(seat)}</dt>
              <dd>{memberName(group, seatOf(current, seat))}</dd>
            </div>
          ))}
          <div>
            <dt>{t('committee.electedOn')}</dt>
            <dd>{formatDate(current.electedOn)}</dd>
          </div>
        </dl>
      ) : (
        <p>{t('committee.none')}</p>
      )}
      {canRecord && group.members.length >= 8 && (
        <details>
          <summary>{current ? t('committee.reelect') : t('committee.record')}</summary>
          <form onSubmit={submitTo(run)}>
            <Field label={t('committee.electedOn')} value={electedOn} onValue={setElectedOn} type="date" required />
            {SEATS.map((seat) => (
              <Select key={seat} label={seatLabel(seat)} value={seats[seat]} onValue={(value) => (setSaved(false), setSeats({ ...seats, [seat]: value }))} options={options} required />
            ))}
            <button type="submit" disabled={busy}>
              {t('committee.save')}
            </button>
            <ErrorNotice error={error} />
          </form>
        </details>
      )}
      {canRecord && group.members.length < 8 && <p class="hint">{t('committee.needsMembers', { count: group.members.length })}</p>}
      {saved && (
        <p class="notice success" role="status">
          {t('committee.saved')}
        </p>
      )}
    </section>
  );
}

function seatOf(committee: Schema<'SavingsCommitteeView'>, seat: Seat): string | null {
  if (seat.startsWith('counter')) return committee.counters[Number(seat.slice(-1))] ?? null;
  if (seat.startsWith('keyHolder')) return committee.keyHolders[Number(seat.slice(-1))] ?? null;
  return committee[seat as (typeof SINGLE_SEATS)[number]];
}
