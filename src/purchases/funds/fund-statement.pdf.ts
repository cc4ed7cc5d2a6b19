import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import { renderStatement, statementFormat } from '../statement/statement-pdf.js';
import type { FundStatementView } from './dto/fund.view.js';

/** The fund statement as members and communities read it: every figure is the JSON statement's. */
export async function renderFundStatement(statement: FundStatementView, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `purchases.fund.${key}`, params);
  const format = statementFormat(locale);
  const rule = (ruleCode: string | null): string => ruleCode ?? t('unattributed');
  return renderStatement(
    catalogue,
    locale,
    {
      title: t('title', { fundCode: statement.fundCode }),
      lines: [t('period', { ...statement.period })],
      cooperative: statement.cooperative,
      generatedAt: new Date(statement.generatedAt),
      ledgerHead: statement.ledgerHead,
    },
    (page) => {
      if (statement.sections.length === 0) page.text(t('nothing'));
      for (const section of statement.sections) {
        const money = (minor: number): string => format.money(minor, section.currency);
        page.heading(t('currency', { currency: section.currency }));
        page.text(format.pair(t('opening'), money(section.openingMinor)), true);
        page.table(
          [t('creditsByRule'), t('count'), t('amount')],
          section.credits.map((line) => [rule(line.ruleCode), String(line.count), money(line.amountMinor)]),
          [0.5, 0.2, 0.3],
        );
        page.text(format.pair(t('credited'), money(section.creditedMinor)), true);
        if (section.reversals.length > 0) {
          page.table(
            [t('reversalsByRule'), t('count'), t('amount')],
            section.reversals.map((line) => [rule(line.ruleCode), String(line.count), money(line.amountMinor)]),
            [0.5, 0.2, 0.3],
          );
          page.text(format.pair(t('reversed'), money(section.reversedMinor)), true);
        }
        page.table(
          [t('spendingByPurpose'), t('count'), t('amount')],
          section.spending.map((line) => [line.purpose, String(line.count), money(line.amountMinor)]),
          [0.5, 0.2, 0.3],
        );
        page.text(format.pair(t('spent'), money(section.spentMinor)), true);
        page.text(format.pair(t('closing'), money(section.closingMinor)), true);
      }
      page.heading(t('spendingLines'));
      page.table(
        [t('spentOn'), t('purpose'), t('approvedBy'), t('amount')],
        statement.spending.map((line) => [line.spentOn, line.purpose, line.approvedBy?.name ?? '', format.money(line.amountMinor, line.currency)]),
        [0.15, 0.45, 0.2, 0.2],
      );
    },
  );
}
