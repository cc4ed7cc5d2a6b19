import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { ErrorNotice, Loading, PdfButton, Screen, Select, useLoad } from '../components/ui';
import { formatDateTime, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { navigate } from '../router';
import { session } from '../session';

const SORTS = ['openCritical', 'overdue', 'expiringCards', 'lastReport', 'name'] as const;
type Sort = (typeof SORTS)[number];

export function Supervision() {
  useLanguage();
  const [sort, setSort] = useState<Sort>('openCritical');
  const list = useLoad(() => ok(api.GET('/api/v1/supervision/cooperatives', { params: { query: { sort } } })), [sort]);
  return (
    <div class="wide-screen">
    <Screen title={t('supervision.title')}>
      <p>
        <a href="/supervision/province-reports" onClick={(event) => (event.preventDefault(), navigate('/supervision/province-reports'))}>
          {t('supervision.provinceReports')}
        </a>
      </p>
      <Select
        label={t('supervision.sortBy')}
        value={sort}
        onValue={(value) => setSort(value as Sort)}
        options={SORTS.map((value) => ({ value, label: t(`supervision.sort.${value}` as MessageKey) }))}
      />
      <ErrorNotice error={list.error} />
      {list.loading && <Loading />}
      {list.data?.length === 0 && <p>{t('supervision.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supervision.cooperative')}</th>
                <th scope="col">{t('supervision.openCritical')}</th>
                <th scope="col">{t('supervision.overdue')}</th>
                <th scope="col">{t('supervision.cardsExpiring')}</th>
                <th scope="col">{t('supervision.lastReport')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((cooperative) => (
                <tr key={cooperative.id}>
                  <td>
                    <a href={`/supervision/${cooperative.id}`} onClick={(event) => (event.preventDefault(), navigate(`/supervision/${cooperative.id}`))}>
                      {cooperative.name}
                    </a>
                    <br />
                    <small>{cooperative.province}</small>
                  </td>
                  <td class={cooperative.openCriticalFlags > 0 ? 'alert' : undefined}>{cooperative.openCriticalFlags}</td>
                  <td>{cooperative.overdueFlags}</td>
                  <td>{cooperative.cardsExpiringIn30Days}</td>
                  <td>
                    {cooperative.lastReportAt ? formatDateTime(cooperative.lastReportAt) : '—'}
                    {cooperative.lastLedgerVerified === false && <span class="alert"> {t('supervision.ledgerBroken')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Screen>
    </div>
  );
}

/** A cooperative's regulator reports, newest first, each downloadable as PDF, JSON and CSV. */
export function CooperativeReports({ cooperativeId }: { readonly cooperativeId?: string }) {
  const lang = useLanguage();
  const id = cooperativeId ?? session.get().cooperativeId ?? '';
  const reports = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/reports', { params: { path: { cooperativeId: id } } })), [id]);
  // A supervisor arrives from the jurisdiction list: the cooperative's name comes from it.
  const supervised = useLoad(
    async () => (cooperativeId ? ((await ok(api.GET('/api/v1/supervision/cooperatives', { params: { query: { sort: 'openCritical' } } }))).find((row) => row.id === cooperativeId) ?? null) : null),
    [cooperativeId],
  );
  const name = supervised.data?.name;
  return (
    <div class={cooperativeId ? 'wide-screen' : undefined}>
      {cooperativeId && (
        <p>
          <a href="/supervision" onClick={(event) => (event.preventDefault(), navigate('/supervision'))}>
            {t('supervision.back')}
          </a>
        </p>
      )}
      <Screen title={name ? t('supervision.reportsOf', { name }) : t('reports.title')}>
        {name && supervised.data && <p>{supervised.data.province}</p>}
        <ErrorNotice error={reports.error} />
        {reports.loading && <Loading />}
        {reports.data?.length === 0 && <p>{t('reports.none')}</p>}
        <ul class="list">
          {(reports.data ?? []).map((report) => {
            const base = `/api/v1/cooperatives/${id}/reports/${report.id}`;
            const file = `rapport-${report.periodKey}-v${report.version}`;
            return (
              <li key={report.id}>
                <strong>
                  {report.periodKey} · v{report.version}
                </strong>
                <span>
                  {formatDateTime(report.generatedAt)} · {t('reports.code', { code: report.verificationCode })}
                </span>
                <PdfButton path={`${base}.pdf?lang=${lang}`} fileName={`${file}.pdf`} label={t('reports.download', { period: report.periodKey })} />
                <PdfButton path={`${base}.json`} fileName={`${file}.json`} label={t('supervision.downloadJson', { period: report.periodKey })} />
                <PdfButton path={`${base}.csv.zip`} fileName={`${file}.csv.zip`} label={t('supervision.downloadCsv', { period: report.periodKey })} />
              </li>
            );
          })}
        </ul>
      </Screen>
    </div>
  );
}
