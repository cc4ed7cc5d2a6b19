import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, ProblemNotice, Screen, useAction } from '../components/ui';
import { QrScanner } from '../components/qr-scanner';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { annotate, dismiss, submit, type QueuedWrite } from '../offline/queue';
import { MemberPhoto } from '../components/member-photo';
import { decideOffline, minerIdOf, presenceAfter, snapshotMember, refreshSnapshot, storedSnapshot, type OfflineDecision, type SnapshotSummary } from '../offline/gate-offline';

/** Who the decision is about, for the guard to compare with the person in front of them. */
interface Person {
  readonly minerId: string;
  readonly name: string;
  readonly hasPhoto: boolean;
}

type Shown = { readonly direction: 'in' | 'out'; readonly person: Person | null } & (
  | { readonly kind: 'answer'; readonly answer: Schema<'GateDecisionView'> }
  | { readonly kind: 'offline'; readonly decision: OfflineDecision | null }
  | { readonly kind: 'rejected'; readonly write: QueuedWrite }
  | { readonly kind: 'unknown-number'; readonly memberNumber: string }
);

function nameOf(person: { firstName: string; middleName?: string | null; lastName: string }): string {
  return [person.firstName, person.middleName, person.lastName].filter(Boolean).join(' ');
}

/** The name and photo: the registry when online, the signed snapshot otherwise. */
async function personOf(siteId: string, minerId: string | null | undefined, identity: { memberNumber?: string; qrToken?: string }): Promise<Person | null> {
  const { member } = await snapshotMember(siteId, identity);
  const id = minerId ?? member?.minerId;
  if (!id) return null;
  if (navigator.onLine) {
    try {
      const miner = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/miners/{minerId}', { params: { path: { ...cooperativePath(), minerId: id } } }));
      return { minerId: id, name: nameOf(miner), hasPhoto: miner.hasPhoto };
    } catch {
      // The decision stands without the name: the snapshot may still have it.
    }
  }
  return member ? { minerId: id, name: nameOf(member), hasPhoto: true } : null;
}

function verdictOf(direction: 'in' | 'out', allowed: boolean): string {
  if (direction === 'out') return allowed ? t('gate.exitAllowed') : t('gate.exitDenied');
  return allowed ? t('gate.allowed') : t('gate.denied');
}

/**
 * The decision over the whole screen, so that the guard sees it without scrolling: verdict,
 * photo and name of the person, reasons. "Suivant" closes it and readies the next scan.
 */
function DecisionPanel({ shown, onNext }: { readonly shown: Shown; readonly onNext: () => void }) {
  const next = (
    <button type="button" class="next" autoFocus onClick={onNext}>
      {t('gate.next')}
    </button>
  );
  if (shown.kind === 'rejected' || shown.kind === 'unknown-number' || (shown.kind === 'offline' && !shown.decision)) {
    const body =
      shown.kind === 'rejected' ? (
        shown.write.problem && <ProblemNotice problem={shown.write.problem} />
      ) : shown.kind === 'unknown-number' ? (
        <>
          <p class="verdict">{t('gate.unknownNumber', { number: shown.memberNumber })}</p>
          <p>{t('gate.unknownNumberHint')}</p>
        </>
      ) : (
        <>
          <p class="verdict">{t('gate.queuedNoDecision')}</p>
          <p>{t('gate.offlineNoSnapshot')}</p>
        </>
      );
    return (
      <div class="decision unknown" role="dialog" aria-modal="true" aria-label={t('gate.decision')} data-testid="decision">
        <div role="status" aria-live="assertive">
          {body}
        </div>
        {next}
      </div>
    );
  }
  const decision = shown.kind === 'answer' ? shown.answer : shown.decision;
  if (!decision) return null;
  return (
    <div class={`decision ${decision.allowed ? 'allowed' : 'denied'}`} role="dialog" aria-modal="true" aria-label={t('gate.decision')} data-testid="decision">
      <div role="status" aria-live="assertive">
        {shown.kind === 'offline' && <p class="offline-tag">{t('gate.offlineDecision')}</p>}
        <p class="verdict">{verdictOf(shown.direction, decision.allowed)}</p>
        {shown.person ? (
          <div class="who">
            <MemberPhoto minerId={shown.person.minerId} hasPhoto={shown.person.hasPhoto} name={shown.person.name} />
            <p>
              <strong class="name">{shown.person.name}</strong>
              <br />
              {decision.memberNumber}
            </p>
          </div>
        ) : (
          decision.memberNumber && <p>{decision.memberNumber}</p>
        )}
        <ul class="reasons">
          {decision.reasons.map((reason) => (
            <li key={reason.code} data-code={reason.code}>
              {reason.message}
            </li>
          ))}
        </ul>
        {decision.warnings.length > 0 && (
          <ul class="warnings">
            {decision.warnings.map((warning) => (
              <li key={warning.code} data-code={warning.code}>
                {warning.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {next}
    </div>
  );
}

/** Keeps the site's signed snapshot fresh while online, and says what the phone holds. */
function useSnapshot(siteId: string): SnapshotSummary | null {
  const [summary, setSummary] = useState<SnapshotSummary | null>(null);
  useEffect(() => {
    if (!siteId) return;
    let current = true;
    const show = (value: SnapshotSummary | null): void => {
      if (current) setSummary(value);
    };
    const kept = async (): Promise<SnapshotSummary | null> => {
      const snapshot = await storedSnapshot(siteId);
      return snapshot && { members: snapshot.members.length, generatedAt: snapshot.generatedAt, validUntil: snapshot.validUntil };
    };
    const refresh = (): void => {
      void (navigator.onLine ? refreshSnapshot(siteId).catch(kept) : kept()).then(show);
    };
    refresh();
    addEventListener('online', refresh);
    return () => {
      current = false;
      removeEventListener('online', refresh);
    };
  }, [siteId]);
  return summary;
}

const MEMBER_NUMBER_ID = 'gate-member-number';

export function Gate() {
  useLanguage();
  const [siteId, setSiteId] = useState('');
  const [zone, setZone] = useState<Schema<'SiteZoneView'> | null>(null);
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [memberNumber, setMemberNumber] = useState('');
  const [ppeWorn, setPpeWorn] = useState<string[]>([]);
  const [pregnant, setPregnant] = useState(false);
  const [unknown, setUnknown] = useState<{ description: string; apparentMinor: boolean } | null>(null);
  const [scanning, setScanning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const snapshot = useSnapshot(siteId);
  const { busy, error, run } = useAction(async (identity: { memberNumber?: string; qrToken?: string; unknownPerson?: { description: string; apparentMinor: boolean } }) => {
    if (!zone) return;
    setShown(null);
    const capturedAt = new Date().toISOString();
    const inSnapshot = await snapshotMember(siteId, identity);
    // Offline, a typed number the site's list does not hold is a typing mistake far more often
    // than a person: refused here and not queued, so that it never waits in the queue.
    if (!navigator.onLine && identity.memberNumber && inSnapshot.known && !inSnapshot.member) {
      setShown({ kind: 'unknown-number', memberNumber: identity.memberNumber, direction, person: null });
      return;
    }
    const declaresPregnancy = zone.forbidsPregnancy && direction === 'in' ? pregnant : undefined;
    const declarations = { ppeWorn, ...(declaresPregnancy === undefined ? {} : { pregnant: declaresPregnancy }) };
    const body = { ...identity, zoneId: zone.id, direction, capturedAt, declarations };
    const minerId = await minerIdOf(siteId, identity);
    const write = await submit({
      kind: 'gate',
      label: `${t('nav.gate')} ${identity.unknownPerson ? t('gate.unknownPerson') : (identity.memberNumber ?? 'QR')} (${direction === 'in' ? t('gate.in') : t('gate.out')})`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/sites/${siteId}/gate`,
      body,
      meta: minerId ? { minerId } : undefined,
    });
    if (write.state === 'done') {
      const answer = write.result as Schema<'GateDecisionView'>;
      setShown({ kind: 'answer', answer, direction, person: await personOf(siteId, answer.minerId, identity) });
    } else if (write.state === 'rejected') {
      // The refusal is on the screen now; it stays out of the queue, which is for what still needs someone.
      await dismiss(write.id);
      setShown({ kind: 'rejected', write, direction, person: null });
    } else {
      const decision = await decideOffline({ siteId, zoneId: zone.id, direction, capturedAt, ppeWorn, pregnant: declaresPregnancy, memberNumber: identity.memberNumber, qrToken: identity.qrToken });
      const presence = decision && presenceAfter(decision, direction, zone.id);
      if (presence) await annotate(write.id, { presence });
      setShown({ kind: 'offline', decision, direction, person: await personOf(siteId, null, identity) });
    }
    setMemberNumber('');
    setPregnant(false);
    setUnknown(null);
  });
  return (
    <Screen title={t('gate.title')}>
      <SitePicker siteId={siteId} onSite={setSiteId} zoneId={zone?.id} onZone={(next) => (setZone(next), setPpeWorn([]))} />
      <p class="snapshot" data-testid="snapshot">
        {snapshot ? t('gate.snapshot', { members: snapshot.members, at: formatDateTime(snapshot.generatedAt) }) : t('gate.noSnapshot')}
      </p>
      <fieldset class="toggle">
        <legend>{t('gate.direction')}</legend>
        {(['in', 'out'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name="direction" value={value} checked={direction === value} onChange={() => setDirection(value)} />
            {value === 'in' ? t('gate.in') : t('gate.out')}
          </label>
        ))}
      </fieldset>
      {zone && zone.ppeRequired.length > 0 && direction === 'in' && (
        <fieldset class="checks">
          <legend>{t('gate.ppe')}</legend>
          {zone.ppeRequired.map((item) => (
            <label key={item} class="check">
              <input
                type="checkbox"
                checked={ppeWorn.includes(item)}
                onChange={(event) => setPpeWorn(event.currentTarget.checked ? [...ppeWorn, item] : ppeWorn.filter((worn) => worn !== item))}
              />
              {label('ppe', item)}
            </label>
          ))}
        </fieldset>
      )}
      {zone?.forbidsPregnancy && direction === 'in' && (
        <label class="check">
          <input type="checkbox" checked={pregnant} onChange={(event) => setPregnant(event.currentTarget.checked)} />
          {t('gate.pregnant')}
        </label>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (memberNumber.trim()) void run({ memberNumber: memberNumber.trim() });
        }}
      >
        <Field id={MEMBER_NUMBER_ID} label={t('gate.memberNumber')} value={memberNumber} onValue={setMemberNumber} autoComplete="off" autoCapitalize="characters" />
        <div class="actions">
          <button type="submit" disabled={busy || !zone}>
            {t('gate.check')}
          </button>
          <button type="button" class="secondary" disabled={busy || !zone} onClick={() => setScanning(true)}>
            {t('gate.scan')}
          </button>
        </div>
      </form>
      {scanning && (
        <QrScanner
          onClose={() => setScanning(false)}
          onCode={(qrToken) => {
            setScanning(false);
            void run({ qrToken });
          }}
        />
      )}
      {unknown ? (
        <form
          class="unknown-person"
          onSubmit={(event) => {
            event.preventDefault();
            if (unknown.description.trim()) void run({ unknownPerson: { description: unknown.description.trim(), apparentMinor: unknown.apparentMinor } });
          }}
        >
          <h2>{t('gate.unknownPerson')}</h2>
          <div class="field">
            <label for="unknown-description">{t('gate.unknownDescription')}</label>
            <textarea
              id="unknown-description"
              rows={2}
              required
              value={unknown.description}
              onInput={(event) => setUnknown({ ...unknown, description: event.currentTarget.value })}
            />
          </div>
          <label class="check">
            <input type="checkbox" checked={unknown.apparentMinor} onChange={(event) => setUnknown({ ...unknown, apparentMinor: event.currentTarget.checked })} />
            {t('gate.apparentMinor')}
          </label>
          <div class="actions">
            <button type="submit" disabled={busy || !zone || !unknown.description.trim()}>
              {t('gate.recordUnknown')}
            </button>
            <button type="button" class="secondary" onClick={() => setUnknown(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p>
          <button type="button" class="link" disabled={!zone} onClick={() => setUnknown({ description: '', apparentMinor: false })}>
            {t('gate.unknownPersonButton')}
          </button>
        </p>
      )}
      <ErrorNotice error={error} />
      {shown && (
        <DecisionPanel
          shown={shown}
          onNext={() => {
            setShown(null);
            document.getElementById(MEMBER_NUMBER_ID)?.focus();
          }}
        />
      )}
    </Screen>
  );
}
