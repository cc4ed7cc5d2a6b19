import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { JobProgress, useJob } from '../components/job-progress';
import { ErrorNotice, Loading, PdfButton, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { today } from '../cooperative';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { lastEnded, periodKey } from '../rules/report-period';
import { navigate } from '../router';
import { session } from '../session';
import { PeriodPicker } from './reports';

/** A supervisor queues the report of a province they oversee, follows the job and downloads the result. */
export function ProvinceReports() {
  const lang = useLanguage();
  const jurisdictions = session.get().me?.jurisdictions ?? [];
  const reports = useLoad(() => ok(api.GET('/api/v1/supervision/reports')), []);
  const [province, setProvince] = useState(jurisdictions[0] ? `${jurisdictions[0].country}|${jurisdictions[0].province}` : '');
  const [period, setPeriod] = useState(() => {
    const ended = lastEnded('month', today());
    return periodKey('month', ended.year, ended.index);
  });
  const [job, setJob] = useState<Schema<'JobView'> | null>(null);
  const followed = useJob(job?.id ?? null, () => reports.reload());
  const queue = useAction(async () => {
    const [country, name] = province.split('|');
    setJob(await ok(api.POST('/api/v1/supervision/reports', { body: { country, province: name, period } })));
  });
  return (
    <div class="wide-screen">
      <p>
        <a href="/supervision" onClick={(event) => (event.preventDefault(), navigate('/supervision'))}>
          {t('supervision.back')}
        </a>
      </p>
      <Screen title={t('province.title')}>
        <form class="queue-province-report" aria-labelledby="queue-province" onSubmit={submitTo(queue.run)}>
          <h2 id="queue-province">{t('province.queue')}</h2>
          <Select
            label={t('province.province')}
            value={province}
            onValue={setProvince}
            options={jurisdictions.map((j) => ({ value: `${j.country}|${j.province}`, label: `${j.province} (${j.country})` }))}
            required
          />
          <PeriodPicker onPeriod={setPeriod} />
          <button type="submit" disabled={queue.busy || !province}>
            {t('province.queueFor', { period })}
          </button>
          <ErrorNotice error={queue.error} />
          {job && <JobProgress job={followed.job} />}
          <ErrorNotice error={followed.error} />
        </form>
        <ErrorNotice error={reports.error} />
        {reports.loading && <Loading />}
        {reports.data?.length === 0 && <p>{t('province.none')}</p>}
        <ul class="list">
          {(reports.data ?? []).map((report) => {
            const base = `/api/v1/supervision/reports/${report.id}`;
            const file = `province-${report.province}-${report.periodKey}-v${report.version}`;
            return (
              <li key={report.id}>
                <strong>
                  {report.province} · {report.periodKey} · v{report.version}
                </strong>
                <span>
                  {formatDateTime(report.generatedAt)} · {t('reports.code', { code: report.verificationCode })}
                </span>
                <PdfButton path={`${base}.pdf?lang=${lang}`} fileName={`${file}.pdf`} label={t('reports.download', { period: report.periodKey })} />
                <PdfButton path={`${base}.csv.zip`} fileName={`${file}.csv.zip`} label={t('supervision.downloadCsv', { period: report.periodKey })} />
              </li>
            );
          })}
        </ul>
      </Screen>
    </div>
  );
}
