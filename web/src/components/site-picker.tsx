import { useEffect } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { cooperativePath } from '../cooperative';
import { t } from '../i18n/i18n';
import { keptOnPhone, saved } from '../store';
import { ErrorNotice, Select, useLoad } from './ui';

type Site = Schema<'SiteView'>;
type Zone = Schema<'SiteZoneView'>;

/** Sites of the cooperative; kept on the phone so that the gate opens offline too. */
export function loadSites(): Promise<Site[]> {
  return keptOnPhone(`ushirika.sites.${cooperativePath().cooperativeId}`, () =>
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/sites', { params: { path: cooperativePath() } })),
  );
}

export function loadZones(siteId: string): Promise<Zone[]> {
  return keptOnPhone(`ushirika.zones.${siteId}`, () =>
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/zones', { params: { path: { ...cooperativePath(), siteId } } })),
  );
}

interface PickerProps {
  readonly siteId: string;
  readonly onSite: (siteId: string) => void;
  readonly zoneId?: string;
  readonly onZone?: (zone: Zone | null) => void;
}

/** Chooses the site (and the zone when asked), remembering the last choice on this phone. */
export function SitePicker({ siteId, onSite, zoneId, onZone }: PickerProps) {
  const sites = useLoad(loadSites, []);
  const zones = useLoad(() => (siteId && onZone ? loadZones(siteId) : Promise.resolve([])), [siteId]);
  useEffect(() => {
    const first = sites.data?.[0]?.id;
    const remembered = saved.read<string>('ushirika.site');
    if (!siteId && first) onSite(sites.data?.some((site) => site.id === remembered) && remembered ? remembered : first);
  }, [sites.data]);
  useEffect(() => {
    if (!onZone || !zones.data) return;
    const current = zones.data.find((zone) => zone.id === zoneId);
    onZone(current ?? zones.data[0] ?? null);
  }, [zones.data]);
  return (
    <div class="picker">
      <ErrorNotice error={sites.error ?? zones.error} />
      {sites.data && sites.data.length === 0 && <p>{t('sites.none')}</p>}
      {sites.data && sites.data.length > 0 && (
        <Select
          label={t('sites.site')}
          value={siteId}
          onValue={(value) => {
            saved.write('ushirika.site', value);
            onSite(value);
          }}
          options={sites.data.map((site) => ({ value: site.id, label: `${site.name} (${site.code})` }))}
        />
      )}
      {onZone && zones.data && zones.data.length > 0 && (
        <Select
          label={t('sites.zone')}
          value={zoneId ?? ''}
          onValue={(value) => onZone(zones.data?.find((zone) => zone.id === value) ?? null)}
          options={zones.data.map((zone) => ({ value: zone.id, label: zone.name }))}
        />
      )}
    </div>
  );
}
