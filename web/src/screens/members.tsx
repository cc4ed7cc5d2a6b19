import { useState } from 'preact/hooks';
import { api, authHeaders, ok, type Schema } from '../api/client';
import { ApiError, NetworkError } from '../api/problem';
import { ErrorNotice, Field, Loading, PdfButton, Screen, Select, useAction, useLoad, submitTo } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDate, t, useLanguage } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { MemberPhoto } from '../components/member-photo';
import { navigate } from '../router';
import { hasRole } from '../session';

function fullName(miner: Pick<Schema<'MinerSummaryView'>, 'firstName' | 'middleName' | 'lastName'>): string {
  return [miner.firstName, miner.middleName, miner.lastName].filter(Boolean).join(' ');
}

export function cardStatusLabel(status: string): string {
  return ['valid', 'expiring', 'expired', 'none', 'not_yet_valid'].includes(status)
    ? t(`card.${status as 'valid' | 'expiring' | 'expired' | 'none' | 'not_yet_valid'}`)
    : status;
}

export async function searchMiners(q: string): Promise<Schema<'MinerSummaryView'>[]> {
  const page = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/miners', { params: { path: cooperativePath(), query: { q: q.trim() || undefined, limit: 20 } } }));
  return page.items;
}

export function MemberSearch() {
  useLanguage();
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const found = useLoad(() => searchMiners(submitted), [submitted]);
  return (
    <Screen title={t('members.title')}>
      {hasRole('admin', 'officer') && (
        <p>
          <a class="button" href="/members/new" onClick={(event) => (event.preventDefault(), navigate('/members/new'))}>
            {t('members.register')}
          </a>
        </p>
      )}
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(q);
        }}
      >
        <Field label={t('members.search')} value={q} onValue={setQ} type="search" hint={t('members.searchHint')} />
        <button type="submit">{t('members.searchButton')}</button>
      </form>
      <ErrorNotice error={found.error} />
      {found.loading && <Loading />}
      {found.data && found.data.length === 0 && <p>{t('members.none')}</p>}
      <ul class="list">
        {(found.data ?? []).map((miner) => (
          <li key={miner.id}>
            <a href={`/members/${miner.id}`} onClick={(event) => (event.preventDefault(), navigate(`/members/${miner.id}`))}>
              <strong>{fullName(miner)}</strong>
              <span>
                {miner.memberNumber} · {label('minerStatus', miner.status)} · {cardStatusLabel(miner.cardStatus)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

export function MemberPage({ minerId }: { readonly minerId: string }) {
  useLanguage();
  const miner = useLoad(
    () => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/miners/{minerId}', { params: { path: { ...cooperativePath(), minerId } } })),
    [minerId],
  );
  const path = `/api/v1/cooperatives/${cooperativePath().cooperativeId}/miners/${minerId}`;
  if (miner.error) return <ErrorNotice error={miner.error} />;
  if (!miner.data) return <Loading />;
  const m = miner.data;
  return (
    <Screen title={fullName(m)}>
      <div class="member-head">
        <MemberPhoto minerId={m.id} hasPhoto={m.hasPhoto} name={fullName(m)} />
      </div>
      <dl class="facts">
        <dt>{t('members.number')}</dt>
        <dd>{m.memberNumber}</dd>
        <dt>{t('members.status')}</dt>
        <dd data-testid="member-status">{label('minerStatus', m.status)}</dd>
        <dt>{t('members.card')}</dt>
        <dd class={`card-${m.cardStatus}`}>
          {m.cardNumber ?? '—'} · {cardStatusLabel(m.cardStatus)} {m.cardExpiresOn && `(${t('members.until', { date: formatDate(m.cardExpiresOn) })})`}
        </dd>
        <dt>{t('members.birth')}</dt>
        <dd data-testid="member-birth">{m.dateOfBirth ? formatDate(m.dateOfBirth) : m.birthYear ? t('members.bornAbout', { year: m.birthYear }) : '—'}</dd>
        <dt>{t('members.since')}</dt>
        <dd>{formatDate(m.membershipDate)}</dd>
        <dt>{t('members.phone')}</dt>
        <dd class="phone">{m.phone ? <a href={`tel:${m.phone}`}>{m.phone}</a> : '—'}</dd>
      </dl>
      {m.statusHistory.length > 0 && (
        <>
          <h2>{t('members.history')}</h2>
          <ul class="list">
            {m.statusHistory.map((change) => (
              <li key={change.id}>
                <strong>
                  {formatDate(change.effectiveOn)} · {change.fromStatus ? `${label('minerStatus', change.fromStatus)} → ` : ''}
                  {label('minerStatus', change.toStatus)}
                </strong>
                <span>{change.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {hasRole('admin', 'officer') && <StatusChange minerId={m.id} status={m.status} onChanged={miner.reload} />}
      {hasRole('admin', 'officer') && <CardActions minerId={m.id} onChanged={miner.reload} />}
      {hasRole('admin', 'officer') && (
        <div class="actions">
          <PdfButton path={`${path}/card.pdf`} fileName={`carte-${m.memberNumber}.pdf`} label={t('members.cardPdf')} />
          <PdfButton
            path={`${path}/statement.pdf?from=${today().slice(0, 8)}01&to=${today()}`}
            fileName={`releve-${m.memberNumber}-${today().slice(0, 7)}.pdf`}
            label={t('members.statementPdf')}
          />
        </div>
      )}
    </Screen>
  );
}

const MINER_STATUSES = ['applicant', 'active', 'suspended', 'exited'] as const;

/** A status change takes a reason and the day it takes effect; the history above keeps each one. */
function StatusChange({ minerId, status, onChanged }: { readonly minerId: string; readonly status: string; readonly onChanged: () => void }) {
  const [to, setTo] = useState<string>(status === 'active' ? 'suspended' : 'active');
  const [reason, setReason] = useState('');
  const [effectiveOn, setEffectiveOn] = useState(today());
  const [done, setDone] = useState<string | null>(null);
  const change = useAction(async () => {
    setDone(null);
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/miners/{minerId}/status', {
        params: { path: { ...cooperativePath(), minerId } },
        body: { to: to as (typeof MINER_STATUSES)[number], reason: reason.trim(), effectiveOn: effectiveOn || undefined },
      }),
    );
    setDone(to);
    setReason('');
    onChanged();
  });
  return (
    <details>
      <summary>{t('members.changeStatus')}</summary>
      <form onSubmit={submitTo(change.run)}>
        <Select
          label={t('members.newStatus')}
          value={to}
          onValue={setTo}
          options={MINER_STATUSES.filter((value) => value !== status).map((value) => ({ value, label: label('minerStatus', value) }))}
        />
        <Field label={t('members.statusReason')} value={reason} onValue={setReason} required />
        <Field label={t('members.effectiveOn')} value={effectiveOn} onValue={setEffectiveOn} type="date" required />
        <button type="submit" disabled={change.busy || !reason.trim()}>
          {t('members.saveStatus')}
        </button>
        <ErrorNotice error={change.error} />
        {done && (
          <p class="notice success" role="status">
            {t('members.statusSaved', { status: label('minerStatus', done) })}
          </p>
        )}
      </form>
    </details>
  );
}

/**
 * A new card (renewal, or a replacement after a loss) and a declared loss, which makes every
 * card printed so far refused at the gate from now on.
 */
function CardActions({ minerId, onChanged }: { readonly minerId: string; readonly onChanged: () => void }) {
  const [form, setForm] = useState({ cardNumber: '', cardIssuedOn: today() });
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const renew = useAction(async () => {
    setDone(null);
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/miners/{minerId}/cards', {
        params: { path: { ...cooperativePath(), minerId } },
        body: { cardNumber: form.cardNumber.trim(), cardIssuedOn: form.cardIssuedOn },
      }),
    );
    setDone(t('members.cardRenewed', { number: form.cardNumber.trim() }));
    setForm({ cardNumber: '', cardIssuedOn: today() });
    onChanged();
  });
  const lost = useAction(async () => {
    setDone(null);
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/miners/{minerId}/cards/lost', {
        params: { path: { ...cooperativePath(), minerId } },
        body: { note: note.trim() || undefined },
      }),
    );
    setDone(t('members.cardLostDone'));
    setNote('');
    onChanged();
  });
  return (
    <details>
      <summary>{t('members.cardActions')}</summary>
      <form onSubmit={submitTo(renew.run)}>
        <h3>{t('members.renewCard')}</h3>
        <Field label={t('members.cardNumber')} value={form.cardNumber} onValue={(cardNumber) => setForm({ ...form, cardNumber })} required />
        <Field label={t('members.cardIssuedOn')} value={form.cardIssuedOn} onValue={(cardIssuedOn) => setForm({ ...form, cardIssuedOn })} type="date" required />
        <button type="submit" disabled={renew.busy || !form.cardNumber.trim()}>
          {t('members.renewCard')}
        </button>
        <ErrorNotice error={renew.error} />
      </form>
      <form onSubmit={submitTo(lost.run)}>
        <h3>{t('members.declareLost')}</h3>
        <Field label={t('members.lostNote')} value={note} onValue={setNote} />
        <button type="submit" class="secondary" disabled={lost.busy}>
          {t('members.declareLost')}
        </button>
        <ErrorNotice error={lost.error} />
      </form>
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
    </details>
  );
}

/** A camera photo shrunk to at most 800 px as JPEG: the API takes 1 MB at most, and 3G is slow. */
async function shrinkPhoto(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 800 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('photo'))), 'image/jpeg', 0.8));
}

async function uploadPhoto(minerId: string, photo: File): Promise<void> {
  const body = await shrinkPhoto(photo);
  let response: Response;
  try {
    response = await fetch(`/api/v1/cooperatives/${cooperativePath().cooperativeId}/miners/${minerId}/photo`, {
      method: 'PUT',
      headers: { ...(await authHeaders()), 'content-type': 'image/jpeg' },
      body,
    });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) throw new ApiError(await response.json());
}

const ID_DOCUMENTS = ['voter_card', 'national_id', 'passport', 'other'] as const;

export function RegisterMember() {
  useLanguage();
  const [form, setForm] = useState({
    firstName: '',
    lastName: '',
    sex: 'F',
    dateOfBirth: '',
    placeOfBirth: '',
    idDocumentType: 'voter_card',
    idDocumentNumber: '',
    phone: '',
    address: '',
    cardNumber: '',
    cardIssuedOn: '',
    birthYear: '',
    status: 'active',
  });
  const [birthKnown, setBirthKnown] = useState(true);
  const [photo, setPhoto] = useState<File | null>(null);
  const [confirmNotDuplicate, setConfirmNotDuplicate] = useState(false);
  const field = (name: keyof typeof form) => ({ value: form[name], onValue: (value: string) => setForm({ ...form, [name]: value }) });
  const { busy, error, run } = useAction(async () => {
    const optional = (value: string): string | undefined => value.trim() || undefined;
    const miner = await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/miners', {
        params: { path: cooperativePath() },
        body: {
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          sex: form.sex as 'F' | 'M',
          dateOfBirth: birthKnown ? optional(form.dateOfBirth) : undefined,
          birthYear: birthKnown ? undefined : Number(form.birthYear),
          birthDateEstimated: birthKnown ? undefined : true,
          placeOfBirth: optional(form.placeOfBirth),
          idDocumentType: form.idDocumentType as (typeof ID_DOCUMENTS)[number],
          idDocumentNumber: form.idDocumentNumber.trim(),
          phone: optional(form.phone),
          address: optional(form.address),
          cardNumber: optional(form.cardNumber),
          cardIssuedOn: optional(form.cardIssuedOn),
          membershipDate: today(),
          status: form.status as 'applicant' | 'active',
          confirmNotDuplicate: confirmNotDuplicate || undefined,
        },
      }),
    );
    if (photo) await uploadPhoto(miner.id, photo);
    navigate(`/members/${miner.id}`);
  });
  const duplicate = error instanceof ApiError && error.problem.code === 'LIKELY_DUPLICATE';
  return (
    <Screen title={t('members.register')}>
      <form
        onSubmit={submitTo(run)}
      >
        <Field label={t('members.firstName')} {...field('firstName')} required autoComplete="off" />
        <Field label={t('members.lastName')} {...field('lastName')} required autoComplete="off" />
        <Select
          label={t('members.sex')}
          {...field('sex')}
          options={[
            { value: 'F', label: t('members.sexF') },
            { value: 'M', label: t('members.sexM') },
          ]}
        />
        <fieldset class="toggle">
          <legend>{t('members.birthKnown')}</legend>
          <label>
            <input type="radio" name="birth-known" checked={birthKnown} onChange={() => setBirthKnown(true)} />
            {t('members.birthExact')}
          </label>
          <label>
            <input type="radio" name="birth-known" checked={!birthKnown} onChange={() => setBirthKnown(false)} />
            {t('members.birthEstimated')}
          </label>
        </fieldset>
        {birthKnown ? (
          <Field label={t('members.birth')} {...field('dateOfBirth')} type="date" required />
        ) : (
          <Field label={t('members.birthYear')} {...field('birthYear')} inputMode="numeric" pattern="\d{4}" required hint={t('members.birthYearHint')} />
        )}
        <Field label={t('members.placeOfBirth')} {...field('placeOfBirth')} />
        <Select label={t('members.idType')} {...field('idDocumentType')} options={ID_DOCUMENTS.map((value) => ({ value, label: t(`idType.${value}`) }))} />
        <Field label={t('members.idNumber')} {...field('idDocumentNumber')} required />
        <Field label={t('members.phone')} {...field('phone')} type="tel" inputMode="tel" />
        <Field label={t('members.address')} {...field('address')} />
        <Field label={t('members.cardNumber')} {...field('cardNumber')} />
        <Field label={t('members.cardIssuedOn')} {...field('cardIssuedOn')} type="date" />
        <Select
          label={t('members.statusOnRegistration')}
          {...field('status')}
          options={(['active', 'applicant'] as const).map((value) => ({ value, label: label('minerStatus', value) }))}
        />
        <div class="field">
          <label for="photo">{t('members.photo')}</label>
          <input id="photo" type="file" accept="image/*" capture="environment" onChange={(event) => setPhoto(event.currentTarget.files?.[0] ?? null)} />
        </div>
        {duplicate && (
          <label class="check">
            <input type="checkbox" checked={confirmNotDuplicate} onChange={(event) => setConfirmNotDuplicate(event.currentTarget.checked)} />
            {t('members.notDuplicate')}
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('members.save')}
        </button>
        <ErrorNotice error={error} />
      </form>
    </Screen>
  );
}
