import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import type { TableRow } from '../../common/pdf/pdf-table.js';
import { documentText, drawTable, paragraph, renderSavingsDocument, sectionTitle, signatureLine } from './savings-pdf.js';
import type { ShareOutSheetData } from './savings-documents.service.js';

const SIGNATURE_ROW_HEIGHT = 26;

/**
 * The share-out sheet: value per share, each member's payout with a line to sign, the
 * rounding remainder stated. A preview says so in its title and on every page's foot, so it
 * is never taken for the confirmed share-out.
 */
export function renderShareOutSheet(data: ShareOutSheetData, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const text = documentText(catalogue, locale, data.header.currency);
  const { t, money, number } = text;
  const { shareOut } = data;
  const { totals, valuePerShare } = shareOut;
  const confirmed = shareOut.status === 'confirmed';
  const sharesSocialFund = shareOut.socialFund.policy === 'shared-equally';

  const rows: TableRow[] = shareOut.lines.map((line) => ({
    cells: [
      data.memberNames.get(line.memberId) ?? line.memberId,
      number(line.shares),
      money(line.grossMinor),
      money(line.debtNettedMinor),
      money(line.netPayoutMinor),
      ...(sharesSocialFund ? [money(line.socialFundShareMinor)] : []),
      money(line.cashToMemberMinor),
      line.carriedDebtMinor === 0 ? '' : money(line.carriedDebtMinor),
      '',
    ],
    minHeight: SIGNATURE_ROW_HEIGHT,
  }));
  rows.push({
    cells: [
      t('column.total'), number(totals.shares), money(totals.grossMinor), money(totals.debtNettedMinor), money(totals.netPayoutMinor),
      ...(sharesSocialFund ? [money(totals.socialFundPaidMinor)] : []),
      money(totals.cashPaidMinor), money(totals.carriedDebtMinor), '',
    ],
    bold: true,
    shaded: true,
  });

  const title = `${t('shareOut.title')} — ${confirmed ? t('shareOut.confirmedLabel') : t('shareOut.previewLabel')}`;
  return renderSavingsDocument(text, title, data.header, (doc) => {
    paragraph(doc, confirmed ? t('shareOut.confirmed', { date: text.date(shareOut.on) }) : t('shareOut.preview', { date: text.date(shareOut.on) }), true);
    paragraph(doc, t('shareOut.valuePerShare', {
      value: money(valuePerShare.displayMinor), numerator: number(valuePerShare.numerator), denominator: number(valuePerShare.denominator),
    }));
    paragraph(doc, t('shareOut.loanFund', { cash: money(totals.loanFundCashMinor), debts: money(totals.debtNettedMinor), shares: number(totals.shares) }));

    sectionTitle(doc, t('shareOut.membersTitle'));
    drawTable(doc, [
      { header: t('column.member'), weight: 18 },
      { header: t('column.shares'), weight: 5, align: 'right' },
      { header: t('column.gross'), weight: 10, align: 'right' },
      { header: t('column.debtNetted'), weight: 10, align: 'right' },
      { header: t('column.netPayout'), weight: 10, align: 'right' },
      ...(sharesSocialFund ? [{ header: t('column.socialFundShare'), weight: 9, align: 'right' as const }] : []),
      { header: t('column.cashToMember'), weight: 10, align: 'right' },
      { header: t('column.carriedDebt'), weight: 10, align: 'right' },
      { header: t('column.signature'), weight: 18 },
    ], rows);

    sectionTitle(doc, t('shareOut.checkTitle'));
    paragraph(doc, t('shareOut.remainder', { remainder: money(shareOut.remainderMinor) }), true);
    paragraph(doc, sharesSocialFund
      ? t('shareOut.socialFundShared', { perMember: money(shareOut.socialFund.sharedPerMemberMinor), total: money(shareOut.socialFund.sharedTotalMinor), kept: money(shareOut.socialFund.keptForNextCycleMinor) })
      : t('shareOut.socialFundKept', { amount: money(shareOut.socialFund.keptForNextCycleMinor) }));
    paragraph(doc, t('shareOut.balance', {
      paid: money(totals.cashPaidMinor), remainder: money(totals.remainderMinor), kept: money(shareOut.socialFund.keptForNextCycleMinor), available: money(totals.cashAvailableMinor),
    }));
    if (totals.carriedDebtMinor > 0) paragraph(doc, t('shareOut.carried', { amount: money(totals.carriedDebtMinor) }));

    signatureLine(doc, t('signature.treasurer'));
    signatureLine(doc, t('signature.president'));
  });
}
