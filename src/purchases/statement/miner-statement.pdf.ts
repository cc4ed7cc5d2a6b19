import type { Catalogue } from '../../common/i18n/catalogue.js';
import { mgToCarats } from '../diamonds/rules/carats.js';
import { isKimberleyMineral } from '../rules/minerals.js';
import type { Locale } from '../../common/i18n/locale.js';
import type { MinerStatementView } from './dto/statement.view.js';
import { renderStatement, statementFormat } from './statement-pdf.js';

/** The miner's statement: every purchase and reversal of the period, then the totals per currency. */
export async function renderMinerStatement(statement: MinerStatementView, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `purchases.minerStatement.${key}`, params);
  const format = statementFormat(locale);
  const day = new Intl.DateTimeFormat(format.numberLocale, { dateStyle: 'short', timeZone: statement.cooperative.timezone });
  return renderStatement(
    catalogue,
    locale,
    {
      title: t('title'),
      lines: [t('miner', { ...statement.miner }), t('period', { ...statement.period })],
      cooperative: statement.cooperative,
      generatedAt: new Date(statement.generatedAt),
      ledgerHead: statement.ledgerHead,
    },
    (page) => {
      page.heading(t('entries'));
      page.table(
        [t('date'), t('sequence'), t('lot'), t('mineral'), t('netMass'), t('amount'), t('fees'), t('netPaid')],
        statement.entries.map((entry) => [
          day.format(new Date(entry.at)),
          entry.kind === 'reversal' ? `${entry.sequence} ${t('reversal')}` : String(entry.sequence),
          entry.lotNumber ?? '',
          entry.mineral ?? '',
          isKimberleyMineral(entry.mineral) ? `${mgToCarats(entry.kind === 'reversal' ? -entry.netMg : entry.netMg)} ct` : format.kg(entry.kind === 'reversal' ? -entry.netMg : entry.netMg),
          format.money(entry.amountMinor, entry.currency),
          format.money(entry.feesMinor, entry.currency),
          format.money(entry.netPaidMinor, entry.currency),
        ]),
        [0.1, 0.12, 0.11, 0.13, 0.1, 0.15, 0.14, 0.15],
      );
      for (const total of statement.totals) {
        const money = (minor: number): string => format.money(minor, total.currency);
        page.heading(t('totals', { currency: total.currency }));
        page.text(t('counts', { purchases: total.purchases, reversals: total.reversals }));
        page.text(format.pair(t('netMassTotal'), `${format.kg(total.netMg)} kg`));
        if (total.caratsMg !== 0) page.text(format.pair(t('caratsTotal'), `${mgToCarats(total.caratsMg)} ct`));
        page.text(format.pair(t('amountTotal'), money(total.amountMinor)), true);
        for (const fee of total.feesByFund) page.text(format.pair(t('feeTotal', { fundCode: fee.fundCode }), money(fee.amountMinor)));
        page.text(format.pair(t('feesTotal'), money(total.feesMinor)), true);
        page.text(format.pair(t('netPaidTotal'), money(total.netPaidMinor)), true);
      }
      if (statement.totals.length === 0) page.text(t('nothing'));
    },
  );
}
