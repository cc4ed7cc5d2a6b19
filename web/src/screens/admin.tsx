import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, Select, useAction, useLoad, submitTo } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { t, useLanguage } from '../i18n/i18n';
import { loadSites, loadZones } from '../components/site-picker';
import type { CooperativeRole } from '../session';
import { label, labelled } from '../i18n/labels';
import { MIN_PASSWORD_LENGTH } from '../rules/password';

const ROLES = ['admin', 'officer', 'treasurer', 'auditor'] as const satisfies readonly CooperativeRole[];

export function Users() {
  useLanguage();
  const users = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/users', { params: { path: cooperativePath() } })), []);
  const [form, setForm] = useState({ login: '', name: '', password: '', role: 'officer' });
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(async () => {
    setCreated(null);
    if (form.password && form.password.length < MIN_PASSWORD_LENGTH) throw new Error('password');
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/users', {
        params: { path: cooperativePath() },
        body: { login: form.login.trim(), name: form.name.trim() || undefined, password: form.password || undefined, role: form.role as CooperativeRole },
      }),
    );
    setCreated(form.name.trim() || form.login.trim());
    setForm({ login: '', name: '', password: '', role: 'officer' });
    users.reload();
  });
  return (
    <Screen title={t('admin.users')}>
      <ErrorNotice error={users.error} />
      {users.loading && <Loading />}
      <ul class="list">
        {(users.data ?? []).map((user) => (
          <li key={user.id}>
            <strong>{user.name}</strong>
            <span>
              {user.login} · {user.roles.map((role) => label('role', role)).join(', ')}
            </span>
          </li>
        ))}
      </ul>
      <h2>{t('admin.addUser')}</h2>
      <form
        onSubmit={submitTo(create.run)}
      >
        <Field label={t('login.login')} value={form.login} onValue={(login) => setForm({ ...form, login })} required />
        <Field label={t('admin.name')} value={form.name} onValue={(name) => setForm({ ...form, name })} />
        <Field label={t('login.password')} value={form.password} onValue={(password) => setForm({ ...form, password })} type="password" autoComplete="new-password" hint={t('admin.passwordHint', { min: MIN_PASSWORD_LENGTH })} invalid={create.error instanceof Error && create.error.message === 'password'} />
        <Select label={t('admin.role')} value={form.role} onValue={(role) => setForm({ ...form, role })} options={ROLES.map((value) => ({ value, label: label('role', value) }))} />
        <button type="submit" disabled={create.busy}>
          {t('common.save')}
        </button>
        {create.error instanceof Error && create.error.message === 'password' ? (
          <p class="notice error" role="alert">
            {t('admin.passwordTooShort', { min: MIN_PASSWORD_LENGTH })}
          </p>
        ) : (
          <ErrorNotice error={create.error} />
        )}
        {created && (
          <p class="notice success" role="status">
            {t('admin.userSaved', { name: created })}
          </p>
        )}
      </form>
    </Screen>
  );
}

function SiteZones({ site }: { readonly site: Schema<'SiteView'> }) {
  const zones = useLoad(() => loadZones(site.id), [site.id]);
  const [form, setForm] = useState({ name: '', capacity: '', ppe: [] as string[], hazardous: false });
  const [added, setAdded] = useState<string | null>(null);
  const create = useAction(async () => {
    setAdded(null);
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/zones', {
        params: { path: { ...cooperativePath(), siteId: site.id } },
        body: {
          name: form.name.trim(),
          hazardous: form.hazardous,
          capacity: form.capacity ? Number(form.capacity) : undefined,
          ppeRequired: form.ppe,
        },
      }),
    );
    setAdded(form.name.trim());
    setForm({ name: '', capacity: '', ppe: [], hazardous: false });
    zones.reload();
  });
  const count = zones.data?.length ?? 0;
  return (
    <section class="site" aria-labelledby={`site-${site.id}`}>
      <h3 id={`site-${site.id}`}>
        {site.name} ({site.code}) <span class="count">{t('admin.zoneCount', { count })}</span>
      </h3>
      {zones.data && count === 0 && <p>{t('admin.noZone')}</p>}
      <ul class="list">
        {(zones.data ?? []).map((zone) => (
          <li key={zone.id}>
            <strong>{zone.name}</strong>
            <span>
              {[zone.hazardous ? t('admin.hazardous') : null, zone.capacity !== null ? t('admin.capacityOf', { count: zone.capacity }) : null, ...zone.ppeRequired.map((item) => label('ppe', item))]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      {added && (
        <p class="notice success" role="status">
          {t('admin.zoneSaved', { name: added })}
        </p>
      )}
      <details>
        <summary>{t('admin.addZoneTo', { site: site.name })}</summary>
        <form onSubmit={submitTo(create.run)}>
          <Field label={t('admin.zoneName')} value={form.name} onValue={(name) => setForm({ ...form, name })} required />
          <Field label={t('admin.capacity')} value={form.capacity} onValue={(capacity) => setForm({ ...form, capacity })} type="number" min={0} />
          <fieldset class="checks">
            <legend>{t('admin.ppe')}</legend>
            {labelled('ppe').map((item) => (
              <label key={item} class="check">
                <input
                  type="checkbox"
                  checked={form.ppe.includes(item)}
                  onChange={(event) => setForm({ ...form, ppe: event.currentTarget.checked ? [...form.ppe, item] : form.ppe.filter((chosen) => chosen !== item) })}
                />
                {label('ppe', item)}
              </label>
            ))}
          </fieldset>
          <label class="check">
            <input type="checkbox" checked={form.hazardous} onChange={(event) => setForm({ ...form, hazardous: event.currentTarget.checked })} />
            {t('admin.hazardous')}
          </label>
          <button type="submit" disabled={create.busy}>
            {t('admin.addZone')}
          </button>
          <ErrorNotice error={create.error} />
        </form>
      </details>
    </section>
  );
}

export function Sites() {
  useLanguage();
  const sites = useLoad(loadSites, []);
  const [form, setForm] = useState({ name: '', code: '', latitude: '', longitude: '', closingTime: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const create = useAction(async () => {
    setSaved(null);
    const micro = (value: string): number => Math.round(Number(value.replace(',', '.')) * 1_000_000);
    await ok(
      api.POST('/api/v1/cooperatives/{cooperativeId}/sites', {
        params: { path: cooperativePath() },
        body: {
          name: form.name.trim(),
          code: form.code.trim(),
          location: { latitudeE6: micro(form.latitude), longitudeE6: micro(form.longitude) },
          closingTime: form.closingTime || undefined,
        },
      }),
    );
    setSaved(form.name.trim());
    setForm({ name: '', code: '', latitude: '', longitude: '', closingTime: '' });
    sites.reload();
  });
  return (
    <Screen title={t('admin.sites')}>
      <ErrorNotice error={sites.error} />
      {saved && (
        <p class="notice success" role="status" tabIndex={-1} ref={(element) => element?.focus()}>
          {t('admin.siteSaved', { name: saved })}
        </p>
      )}
      {(sites.data ?? []).map((site) => (
        <SiteZones key={site.id} site={site} />
      ))}
      <h2>{t('admin.addSite')}</h2>
      <form
        onSubmit={submitTo(create.run)}
      >
        <Field label={t('admin.siteName')} value={form.name} onValue={(name) => setForm({ ...form, name })} required />
        <Field label={t('admin.siteCode')} value={form.code} onValue={(code) => setForm({ ...form, code })} required />
        <Field label={t('admin.latitude')} value={form.latitude} onValue={(latitude) => setForm({ ...form, latitude })} inputMode="decimal" required />
        <Field label={t('admin.longitude')} value={form.longitude} onValue={(longitude) => setForm({ ...form, longitude })} inputMode="decimal" required />
        <Field label={t('admin.closingTime')} value={form.closingTime} onValue={(closingTime) => setForm({ ...form, closingTime })} type="time" />
        <button type="submit" disabled={create.busy}>
          {t('common.save')}
        </button>
        <ErrorNotice error={create.error} />
      </form>
    </Screen>
  );
}
