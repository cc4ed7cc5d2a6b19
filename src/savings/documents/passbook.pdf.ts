import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import type { TableRow } from '../../common/pdf/pdf-table.js';
import type { PassbookLine } from './passbook.js';
import { operationLabel } from './operation-label.js';
import { documentText, drawTable, paragraph, renderSavingsDocument } from './savings-pdf.js';
import type { PassbookData } from './savings-documents.service.js';

/** A member's passbook: every movement of the cycle, meeting by meeting, with the balances after each. */
export function renderPassbook(data: PassbookData, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const text = documentText(catalogue, locale, data.header.currency);
  const { t, money, number } = text;
  const meetingDay = new Map(data.meetings.map((meeting) => [meeting.id, meeting.heldOn]));
  const amount = (minor: number): string => (minor === 0 ? '' : money(minor));

  const rows: TableRow[] = [];
  let section: string | null | undefined;
  for (const line of data.lines) {
    const sectionOf = line.operation === 'carried_debt' ? 'opening' : line.meetingId;
    if (sectionOf !== section) {
      section = sectionOf;
      const heldOn = line.meetingId === null ? undefined : meetingDay.get(line.meetingId);
      const heading = line.operation === 'carried_debt' ? t('passbook.openingDebts') : heldOn === undefined ? t('passbook.outsideMeetings') : t('passbook.meeting', { date: text.date(heldOn) });
      rows.push({ cells: [heading], bold: true, shaded: true, keepWithNext: true });
    }
    rows.push({
      cells: [
        text.date(line.date),
        describe(line),
        amount(line.paidInMinor),
        amount(line.paidOutMinor),
        number(line.after.shares),
        money(line.after.savingsMinor),
        money(line.after.socialFundPaidMinor),
        money(line.after.loanOwedMinor),
      ],
      muted: line.reversed,
    });
  }

  function describe(line: PassbookLine): string {
    const label = operationLabel(text, line);
    if (line.reversal) return t('reversal', { operation: label, reason: line.reversal.reason });
    return line.reversed ? `${label} ${t('reversed')}` : label;
  }

  const title = t('passbook.title');
  return renderSavingsDocument(text, title, data.header, (doc) => {
    paragraph(doc, t('passbook.member', { name: data.memberName }), true);
    doc.moveDown(0.4);
    if (data.lines.length === 0) {
      paragraph(doc, t('passbook.none'));
    } else {
      drawTable(doc, [
        { header: t('column.date'), weight: 9 },
        { header: t('column.operation'), weight: 34 },
        { header: t('column.paidIn'), weight: 10, align: 'right' },
        { header: t('column.paidOut'), weight: 10, align: 'right' },
        { header: t('column.shares'), weight: 5, align: 'right' },
        { header: t('column.savings'), weight: 10, align: 'right' },
        { header: t('column.socialFundPaid'), weight: 10, align: 'right' },
        { header: t('column.loanOwed'), weight: 10, align: 'right' },
      ], rows);
    }
    const closing = data.closing;
    paragraph(doc, t('passbook.closing', {
      shares: number(closing.shares), savings: money(closing.savingsMinor), socialFund: money(closing.socialFundPaidMinor),
      fines: money(closing.finesPaidMinor), loan: money(closing.loanOwedMinor),
    }), true);
    paragraph(doc, t('passbook.explanation'));
  });
}
