import { api, ok, type Schema } from '../api/client';
import { ErrorNotice, Loading, useLoad } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { formatDate, formatMoney, t } from '../i18n/i18n';

interface CycleRef {
  readonly group: Schema<'SavingsGroupDetailView'>;
  readonly cycle: Schema<'SavingsCycleView'>;
  readonly meetings: Schema<'SavingsMeetingView'>[];
}

const percent = (basisPoints: number | null): string => basisPoints === null ? '—' : `${(basisPoints / 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;

/** The group's health in a few figures, as the committee reads them aloud, and its loan fund over the last meetings. */
export function Indicators({ data }: { readonly data: CycleRef }) {
  const { group, cycle, meetings } = data;
  const money = (minor: number): string => formatMoney(minor, cycle.rules.currency);
  const indicators = useLoad(
    () => ok(api.GET('/api/v1/cooperatives/{cooperativeId}/savings-groups/{groupId}/indicators', { params: { path: { ...cooperativePath(), groupId: group.id }, query: { cycleId: cycle.id } } })),
    [group.id, cycle.id, meetings.length],
  );
  if (indicators.error) return <ErrorNotice error={indicators.error} />;
  if (!indicators.data) return <Loading />;
  const figures = indicators.data;
  const rows: [string, string][] = [
    [t('indicators.members'), t('indicators.membersValue', { total: figures.members.total, women: figures.members.women, men: figures.members.men })],
    [t('indicators.attendance'), percent(figures.attendance.basisPoints)],
    [t('indicators.savings'), t('indicators.savingsValue', { amount: money(figures.savings.savingsMinor), shares: figures.savings.shares })],
    [t('indicators.loansOutstanding'), t('indicators.loansValue', { count: figures.loansOutstanding.count, amount: money(figures.loansOutstanding.totalMinor) })],
    ...(figures.carriedDebtsOutstanding.count > 0
      ? [[t('carried.indicator'), t('indicators.loansValue', { count: figures.carriedDebtsOutstanding.count, amount: money(figures.carriedDebtsOutstanding.totalMinor) })] as [string, string]]
      : []),
    [t('indicators.portfolioAtRisk'), percent(figures.portfolioAtRisk.basisPoints)],
    [t('indicators.loanFundCash'), money(figures.loanFundCashMinor)],
    [t('indicators.socialFund'), money(figures.socialFundMinor)],
    [t('indicators.returnOnSavings'), percent(figures.returnOnSavings.basisPoints)],
  ];
  return (
    <section aria-labelledby="indicators">
      <h2 id="indicators">{t('indicators.title', { on: formatDate(figures.asOf) })}</h2>
      <dl class="indicators">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <LoanFundChart meetings={meetings} money={money} />
    </section>
  );
}

/** Bars of the loan fund after each of the last twelve meetings: an SVG, no chart library. */
function LoanFundChart({ meetings, money }: { readonly meetings: readonly Schema<'SavingsMeetingView'>[]; readonly money: (minor: number) => string }) {
  const last = meetings.slice(-12);
  if (last.length < 2) return null;
  const top = Math.max(1, ...last.map((meeting) => meeting.closingBalances.loanFundMinor));
  const width = 320;
  const height = 120;
  const bar = width / last.length;
  const summary = t('indicators.chartSummary', { from: money(last[0].closingBalances.loanFundMinor), to: money(last.at(-1)!.closingBalances.loanFundMinor), count: last.length });
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} width="100%" height={height}>
        {last.map((meeting, index) => {
          const h = Math.max(1, Math.round((meeting.closingBalances.loanFundMinor / top) * (height - 4)));
          return (
            <rect key={meeting.id} x={index * bar + 2} y={height - h} width={bar - 4} height={h} fill="currentColor" opacity={0.7}>
              <title>{`${formatDate(meeting.heldOn)} : ${money(meeting.closingBalances.loanFundMinor)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
