import { useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Field, Loading, Screen, useLoad } from '../components/ui';
import { today } from '../cooperative';
import { formatDate, formatDateTime, formatMoney, t, useLanguage, type MessageKey } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { navigate } from '../router';

type ObserverView = Schema<'ObservedCooperativeView'>['views'][number];

const viewName = (view: ObserverView): string => t(`view.${view}` as MessageKey);

/** The cooperatives whose grants are in force for the observer's organisation. */
export function Observation() {
  useLanguage();
  const list = useLoad(() => ok(api.GET('/api/v1/observation/cooperatives')), []);
  return (
    <Screen title={t('observation.title')}>
      <ErrorNotice error={list.error} />
      {list.loading && <Loading />}
      {list.data?.length === 0 && <p>{t('observation.none')}</p>}
      <ul class="list">
        {(list.data ?? []).map((row) => (
          <li key={row.cooperative.id}>
            <a href={`/observation/${row.cooperative.id}`} onClick={(event) => (event.preventDefault(), navigate(`/observation/${row.cooperative.id}`))}>
              <strong>{row.cooperative.name}</strong>
            </a>
            <span>
              {row.cooperative.province} · {t('observation.views', { views: row.views.map(viewName).join(', ') })} ·{' '}
              {row.until ? t('observation.until', { date: formatDate(row.until) }) : t('observation.openEnded')}
            </span>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function Funds({ cooperativeId, period }: { readonly cooperativeId: string; readonly period: string }) {
  const funds = useLoad(() => ok(api.GET('/api/v1/observation/cooperatives/{cooperativeId}/funds', { params: { path: { cooperativeId }, query: { period } } })), [cooperativeId, period]);
  return (
    <section aria-labelledby="observed-funds">
      <h2 id="observed-funds">{t('observation.funds')}</h2>
      <ErrorNotice error={funds.error} />
      {funds.loading && <Loading />}
      {(funds.data?.funds ?? []).map((fund) => (
        <article key={fund.fundCode}>
          <h3>{label('fund', fund.fundCode)}</h3>
          {fund.balances.map((line) => (
            <p key={line.currency}>
              {t('observation.balance')} : <strong>{formatMoney(line.balanceMinor, line.currency)}</strong>
            </p>
          ))}
          {fund.sections.map((section) => (
            <p key={section.currency}>
              {t('observation.credited')} : {formatMoney(section.creditedMinor, section.currency)} · {t('observation.spent')} : {formatMoney(section.spentMinor, section.currency)}
            </p>
          ))}
          {fund.spending.length === 0 ? (
            <p>{t('observation.noSpending')}</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label={t('observation.spent')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('observation.purpose')}</th>
                    <th scope="col">{t('observation.amount')}</th>
                    <th scope="col">{t('observation.approvedOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fund.spending.map((line, index) => (
                    <tr key={index}>
                      <td>{line.purpose}</td>
                      <td>{formatMoney(line.amountMinor, line.currency)}</td>
                      <td>{formatDate(line.approvedOn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
    </section>
  );
}

function Incidents({ cooperativeId, period }: { readonly cooperativeId: string; readonly period: string }) {
  const stats = useLoad(
    () => ok(api.GET('/api/v1/observation/cooperatives/{cooperativeId}/incident-statistics', { params: { path: { cooperativeId }, query: { period } } })),
    [cooperativeId, period],
  );
  const cases = Object.entries(stats.data?.childLabourCasesByState ?? {}).map(([state, count]) => `${state.replace(/_/g, ' ')} ${count}`).join(', ') || '0';
  return (
    <section aria-labelledby="observed-incidents">
      <h2 id="observed-incidents">{t('observation.incidents')}</h2>
      <ErrorNotice error={stats.error} />
      {stats.data && (
        <>
          <p>{t('observation.flagsRaised', { count: stats.data.flagsRaised })}</p>
          <p>{t('observation.cases', { counts: cases })}</p>
          {stats.data.flags.length > 0 && (
            <div class="table-scroll" tabIndex={0} role="region" aria-label={t('observation.incidents')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('observation.category')}</th>
                    <th scope="col">{t('observation.severity')}</th>
                    <th scope="col">{t('observation.state')}</th>
                    <th scope="col">{t('observation.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.flags.map((row) => (
                    <tr key={`${row.category}|${row.severity}|${row.state}`}>
                      <td>{label('riskCategory', row.category)}</td>
                      <td>{label('severity', row.severity)}</td>
                      <td>{label('flagState', row.state)}</td>
                      <td>{row.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Report({ cooperativeId, period }: { readonly cooperativeId: string; readonly period: string }) {
  const report = useLoad(() => ok(api.GET('/api/v1/observation/cooperatives/{cooperativeId}/regulator-report', { params: { path: { cooperativeId }, query: { period } } })), [cooperativeId, period]);
  const members = report.data?.members as { total?: number; newInPeriod?: number; exitedInPeriod?: number } | undefined;
  const totals = (report.data?.purchases as { totals?: { currency: string; count: number; valueMinor: number }[] } | undefined)?.totals ?? [];
  return (
    <section aria-labelledby="observed-report">
      <h2 id="observed-report">{t('observation.report')}</h2>
      <ErrorNotice error={report.error} />
      {report.data && (
        <>
          <p>{t('observation.reportVersion', { version: report.data.version, date: formatDateTime(report.data.generatedAt) })}</p>
          <p>{t('observation.members', { total: members?.total ?? 0, new: members?.newInPeriod ?? 0, exited: members?.exitedInPeriod ?? 0 })}</p>
          {totals.map((line) => (
            <p key={line.currency}>{t('observation.purchases', { count: line.count, value: formatMoney(line.valueMinor, line.currency) })}</p>
          ))}
        </>
      )}
    </section>
  );
}

/** One observed cooperative: the views its grants open, for a period the observer chooses. */
export function ObservedCooperative({ cooperativeId }: { readonly cooperativeId: string }) {
  useLanguage();
  const [period, setPeriod] = useState(() => today().slice(0, 7));
  const list = useLoad(() => ok(api.GET('/api/v1/observation/cooperatives')), []);
  const row = list.data?.find((candidate) => candidate.cooperative.id === cooperativeId);
  const valid = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(period);
  return (
    <div class="wide-screen">
      <p>
        <a href="/observation" onClick={(event) => (event.preventDefault(), navigate('/observation'))}>
          {t('observation.back')}
        </a>
      </p>
      <Screen title={row?.cooperative.name ?? t('observation.title')}>
        <ErrorNotice error={list.error} />
        {list.data && !row && <p>{t('observation.none')}</p>}
        {row && (
          <>
            <Field label={t('observation.period')} value={period} onValue={setPeriod} invalid={!valid} />
            {valid && row.views.includes('benefit_sharing_funds') && <Funds cooperativeId={cooperativeId} period={period} />}
            {valid && row.views.includes('incident_statistics') && <Incidents cooperativeId={cooperativeId} period={period} />}
            {valid && row.views.includes('regulator_report') && <Report cooperativeId={cooperativeId} period={period} />}
          </>
        )}
      </Screen>
    </div>
  );
}
