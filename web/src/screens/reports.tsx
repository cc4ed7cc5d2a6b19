import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { JobProgress, useJob } from '../components/job-progress';
import { ErrorNotice, Loading, PdfButton, Screen, Select, submitTo, useAction, useLoad } from '../components/ui';
import { cooperativePath, today } from '../cooperative';
import { formatDateTime, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { indexesOf, lastEnded, periodKey, type PeriodKind } from '../rules/report-period';
import { hasRole } from '../session';

type Report = Schema<'RegulatorReportSummaryView'>;

const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

/** The period chooser every report form shares: kind, year and month or quarter. */
export function PeriodPicker({ onPeriod }: { readonly onPeriod: (key: string) => void }) {
  const [kind, setKind] = useState<PeriodKind>('month');
  const initial = lastEnded('month', today());
  const [year, setYear] = useState(initial.year);
  const [index, setIndex] = useState(initial.index);
  const choose = (nextKind: PeriodKind, nextYear: number, nextIndex: number): void => {
    setKind(nextKind);
    setYear(nextYear);
    setIndex(nextIndex);
    onPeriod(periodKey(nextKind, nextYear, nextIndex));
  };
  const thisYear = Number(today().slice(0, 4));
  return (
    <>
      <Select
        label={t('reports.periodKind')}
        value={kind}
        onValue={(value) => {
          const ended = lastEnded(value as PeriodKind, today());
          choose(value as PeriodKind, ended.year, ended.index);
        }}
        options={KINDS.map((value) => ({ value, label: t(`reports.kind.${value}` as MessageKey) }))}
      />
      <Select
        label={t('reports.year')}
        value={String(year)}
        onValue={(value) => choose(kind, Number(value), index)}
        options={[0, 1, 2, 3, 4].map((back) => ({ value: String(thisYear - back), label: String(thisYear - back) }))}
      />
      {kind !== 'year' && (
        <Select
          label={kind === 'month' ? t('reports.month') : t('reports.quarter')}
          value={String(index)}
          onValue={(value) => choose(kind, year, Number(value))}
          options={indexesOf(kind).map((value) => ({ value: String(value), label: kind === 'month' ? t(`month.${value}` as MessageKey) : t('reports.quarterN', { n: value }) }))}
        />
      )}
    </>
  );
}

/** An admin produces the report of a period, follows it when it is queued, and finds every version with what changed. */
export function ReportsScreen() {
  const lang = useLanguage();
  const reports = useLoad(() => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/reports', { params: { path: cooperativePath() } })), []);
  const [period, setPeriod] = useState(() => {
    const ended = lastEnded('month', today());
    return periodKey('month', ended.year, ended.index);
  });
  const [jobId, setJobId] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const followed = useJob(jobId, () => reports.reload());
  const generate = useAction(async () => {
    setMade(null);
    setJobId(null);
    const { data, error, response } = await api.POST('/api/v1/cooperatives/{cooperativeId}/reports', { params: { path: cooperativePath() }, body: { period } });
    if (!response.ok) return void (await ok(Promise.resolve({ data, error, response })));
    if (response.status === 202) setJobId((data as unknown as Schema<'JobView'>).id);
    else setMade((data as Report).id);
    reports.reload();
  });
  const byPeriod = new Map<string, Report[]>();
  for (const report of reports.data ?? []) byPeriod.set(report.periodKey, [...(byPeriod.get(report.periodKey) ?? []), report]);
  const id = cooperativePath().cooperativeId;
  return (
    <Screen title={t('reports.title')}>
      {hasRole('admin') && (
        <form class="generate-report" aria-labelledby="generate-report" onSubmit={submitTo(generate.run)}>
          <h2 id="generate-report">{t('reports.generate')}</h2>
          <PeriodPicker onPeriod={setPeriod} />
          <button type="submit" disabled={generate.busy}>
            {generate.busy ? t('common.loading') : t('reports.generateFor', { period })}
          </button>
          <ErrorNotice error={generate.error} />
          {jobId && <JobProgress job={followed.job} />}
          <ErrorNotice error={followed.error} />
          {made && (
            <p class="notice success" role="status">
              {t('reports.made', { period })}
            </p>
          )}
        </form>
      )}
      <ErrorNotice error={reports.error} />
      {reports.loading && <Loading />}
      {reports.data?.length === 0 && <p>{t('reports.none')}</p>}
      {[...byPeriod].map(([key, versions]) => (
        <section key={key} class="report-period" aria-label={t('reports.periodOf', { period: key })}>
          <h2>{t('reports.periodOf', { period: key })}</h2>
          <ul class="list">
            {versions.map((report) => {
              const base = `/api/v1/cooperatives/${id}/reports/${report.id}`;
              const file = `rapport-${report.periodKey}-v${report.version}`;
              return (
                <li key={report.id} data-version={report.version}>
                  <strong>{t('reports.version', { version: report.version, at: formatDateTime(report.generatedAt) })}</strong>
                  <span>
                    {t('reports.code', { code: report.verificationCode })}
                    {!report.ledgerOk && <span class="alert"> · {t('supervision.ledgerBroken')}</span>}
                  </span>
                  {report.version > 1 && <Changes changes={report.changes} />}
                  <PdfButton path={`${base}.pdf?lang=${lang}`} fileName={`${file}.pdf`} label={t('reports.download', { period: report.periodKey })} />
                  <PdfButton path={`${base}.json`} fileName={`${file}.json`} label={t('supervision.downloadJson', { period: report.periodKey })} />
                  <PdfButton path={`${base}.csv.zip`} fileName={`${file}.csv.zip`} label={t('supervision.downloadCsv', { period: report.periodKey })} />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Screen>
  );
}

/**
 * A figure's place in the report in words: `members.bySex.F` → « Membres · par sexe · F ». A
 * part without words (a row's key: a mineral, a currency, an age band) is shown as it is.
 */
export function figureName(path: string): string {
  return path
    .split('.')
    .map((part) => {
      const key = `reports.figure.${part}` as MessageKey;
      const word = t(key);
      return word === key ? part : word;
    })
    .join(' · ');
}

/** What differs from the previous version, figure by figure. */
function Changes({ changes }: { readonly changes: Report['changes'] }) {
  if (changes.length === 0) return <small>{t('reports.unchanged')}</small>;
  const shown = (value: unknown): string => (value === undefined || value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number));
  return (
    <details class="report-changes">
      <summary>{t('reports.changes', { count: changes.length })}</summary>
      <ul>
        {changes.map((change) => (
          <li key={change.path}>
            <span title={change.path}>{figureName(change.path)}</span> : {shown(change.before)} → {shown(change.after)}
          </li>
        ))}
      </ul>
    </details>
  );
}
