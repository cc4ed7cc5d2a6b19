import { useEffect, useState } from 'preact/hooks';
import type { Schema } from '../api/client';
import { ErrorNotice, Field, ProblemNotice, Screen, useAction } from '../components/ui';
import { QrScanner } from '../components/qr-scanner';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { annotate, submit, type QueuedWrite } from '../offline/queue';
import { decideOffline, minerIdOf, presenceAfter, refreshSnapshot, storedSnapshot, type OfflineDecision, type SnapshotSummary } from '../offline/gate-offline';

type Shown =
  | { readonly kind: 'answer'; readonly answer: Schema<'GateDecisionView'> }
  | { readonly kind: 'offline'; readonly decision: OfflineDecision | null }
  | { readonly kind: 'rejected'; readonly write: QueuedWrite };

function DecisionPanel({ shown }: { readonly shown: Shown }) {
  if (shown.kind === 'rejected') return shown.write.problem ? <ProblemNotice problem={shown.write.problem} /> : null;
  if (shown.kind === 'offline' && !shown.decision) {
    return (
      <div class="decision unknown" role="status" aria-live="assertive">
        <p class="verdict">{t('gate.queuedNoDecision')}</p>
        <p>{t('gate.offlineNoSnapshot')}</p>
      </div>
    );
  }
  const decision = shown.kind === 'answer' ? shown.answer : shown.decision;
  if (!decision) return null;
  return (
    <div class={`decision ${decision.allowed ? 'allowed' : 'denied'}`} role="status" aria-live="assertive">
      {shown.kind === 'offline' && <p class="offline-tag">{t('gate.offlineDecision')}</p>}
      <p class="verdict">{decision.allowed ? t('gate.allowed') : t('gate.denied')}</p>
      {decision.memberNumber && <p>{decision.memberNumber}</p>}
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

export function Gate() {
  useLanguage();
  const [siteId, setSiteId] = useState('');
  const [zone, setZone] = useState<Schema<'SiteZoneView'> | null>(null);
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [memberNumber, setMemberNumber] = useState('');
  const [ppeWorn, setPpeWorn] = useState<string[]>([]);
  const [scanning, setScanning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const snapshot = useSnapshot(siteId);
  const { busy, error, run } = useAction(async (identity: { memberNumber?: string; qrToken?: string }) => {
    if (!zone) return;
    setShown(null);
    const capturedAt = new Date().toISOString();
    const body = { ...identity, zoneId: zone.id, direction, capturedAt, declarations: { ppeWorn } };
    const minerId = await minerIdOf(siteId, identity);
    const write = await submit({
      kind: 'gate',
      label: `${t('nav.gate')} ${identity.memberNumber ?? 'QR'} (${direction === 'in' ? t('gate.in') : t('gate.out')})`,
      path: `/api/v1/cooperatives/${cooperativePath().cooperativeId}/sites/${siteId}/gate`,
      body,
      meta: minerId ? { minerId } : undefined,
    });
    if (write.state === 'done') setShown({ kind: 'answer', answer: write.result as Schema<'GateDecisionView'> });
    else if (write.state === 'rejected') setShown({ kind: 'rejected', write });
    else {
      const decision = await decideOffline({ siteId, zoneId: zone.id, direction, capturedAt, ppeWorn, ...identity });
      const presence = decision && presenceAfter(decision, direction, zone.id);
      if (presence) await annotate(write.id, { presence });
      setShown({ kind: 'offline', decision });
    }
    setMemberNumber('');
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
              {item}
            </label>
          ))}
        </fieldset>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (memberNumber.trim()) void run({ memberNumber: memberNumber.trim() });
        }}
      >
        <Field label={t('gate.memberNumber')} value={memberNumber} onValue={setMemberNumber} autoComplete="off" autoCapitalize="characters" />
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
      <ErrorNotice error={error} />
      {shown && <DecisionPanel shown={shown} />}
    </Screen>
  );
}
