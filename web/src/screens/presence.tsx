import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Loading, PdfButton, Screen, useLoad } from '../components/ui';
import { SitePicker } from '../components/site-picker';
import { cooperativePath } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';

export function Presence() {
  const lang = useLanguage();
  const [siteId, setSiteId] = useState('');
  const presence = useLoad(
    () =>
      siteId
        ? ok(api.GET('/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/presence', { params: { path: { ...cooperativePath(), siteId } } }))
        : Promise.resolve(null),
    [siteId],
  );
  return (
    <Screen title={t('presence.title')}>
      <SitePicker siteId={siteId} onSite={setSiteId} />
      {siteId && (
        <div class="actions">
          <button type="button" class="secondary" onClick={presence.reload}>
            {t('common.refresh')}
          </button>
          <PdfButton
            path={`/api/v1/cooperatives/${cooperativePath().cooperativeId}/sites/${siteId}/muster.pdf?lang=${lang}`}
            fileName="muster.pdf"
            label={t('presence.muster')}
          />
        </div>
      )}
      <ErrorNotice error={presence.error} />
      {presence.loading && <Loading />}
      {presence.data && (
        <>
          <p class="big">{t('presence.headcount', { count: presence.data.headcount })}</p>
          {presence.data.zones.map((zone) => (
            <section key={zone.zoneId} class="zone">
              <h2>
                {zone.name} — {zone.count}
                {zone.capacity !== null && ` / ${zone.capacity}`}
              </h2>
              <ul class="list">
                {zone.people.map((person) => (
                  <li key={person.minerId}>
                    <strong>
                      {person.firstName} {person.lastName}
                    </strong>
                    <span>
                      {person.memberNumber} · {formatDateTime(person.enteredAt)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </Screen>
  );
}
