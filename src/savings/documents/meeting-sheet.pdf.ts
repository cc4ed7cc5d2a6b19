import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import type { TableRow } from '../../common/pdf/pdf-table.js';
import { ATTENDED_STATUSES } from './indicators.js';
import { operationLabel } from './operation-label.js';
import { documentText, drawTable, paragraph, renderSavingsDocument, sectionTitle, signatureLine } from './savings-pdf.js';
import type { MeetingSheetData } from './savings-documents.service.js';

/** The meeting sheet read aloud at the next meeting: attendance, each member's movements, totals, the cash counted against the books. */
export function renderMeetingSheet(data: MeetingSheetData, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const text = documentText(catalogue, locale, data.header.currency);
  const { t, money, number } = text;
  const { sheet } = data;
  const amount = (minor: number): string => (minor === 0 ? '' : money(minor));
  const nameOf = (memberId: string | null): string => (memberId === null ? '' : data.memberNames.get(memberId) ?? memberId);
  const attended = sheet.rows.filter((row) => row.attendance !== null && ATTENDED_STATUSES.has(row.attendance)).length;
  const taken = sheet.rows.filter((row) => row.attendance !== null).length;

  const memberRows: TableRow[] = sheet.rows.map((row) => ({
    cells: [
      nameOf(row.memberId),
      row.attendance === null ? '—' : t(`attendance.${row.attendance}`),
      row.shares === 0 ? '' : number(row.shares),
      amount(row.sharesMinor),
      amount(row.socialFundMinor),
      amount(row.finesMinor),
      amount(row.repaymentMinor),
      amount(row.loanMinor),
      amount(row.grantMinor),
    ],
  }));
  const { totals } = sheet;
  memberRows.push({
    cells: [t('column.total'), `${number(attended)} / ${number(sheet.rows.length)}`, number(totals.shares), money(totals.sharesMinor), money(totals.socialFundMinor),
      money(totals.finesMinor), money(totals.repaymentMinor), money(totals.loanMinor), money(totals.grantMinor)],
    bold: true,
    shaded: true,
  });

  const title = t('meetingSheet.title');
  return renderSavingsDocument(text, title, data.header, (doc) => {
    paragraph(doc, t('meetingSheet.heldOn', { date: text.date(data.meeting.heldOn), status: t(`meetingStatus.${data.meeting.status}`) }), true);
    paragraph(doc, taken === 0 ? t('meetingSheet.attendanceNotTaken') : t('meetingSheet.attendance', { attended: number(attended), members: number(sheet.rows.length) }));

    sectionTitle(doc, t('meetingSheet.membersTitle'));
    drawTable(doc, [
      { header: t('column.member'), weight: 20 },
      { header: t('column.attendance'), weight: 11 },
      { header: t('column.shares'), weight: 5, align: 'right' },
      { header: t('column.savings'), weight: 10, align: 'right' },
      { header: t('column.socialFund'), weight: 10, align: 'right' },
      { header: t('column.fines'), weight: 9, align: 'right' },
      { header: t('column.repayment'), weight: 10, align: 'right' },
      { header: t('column.loan'), weight: 10, align: 'right' },
      { header: t('column.grant'), weight: 10, align: 'right' },
    ], memberRows);

    if (sheet.corrections.length > 0) {
      sectionTitle(doc, t('meetingSheet.correctionsTitle'));
      for (const correction of sheet.corrections) {
        paragraph(doc, t('meetingSheet.correction', {
          member: nameOf(correction.memberId),
          operation: operationLabel(text, correction),
          amount: money(correction.amountMinor),
          reason: correction.reason,
        }));
      }
    }

    sectionTitle(doc, t('meetingSheet.fundsTitle'));
    drawTable(doc, [
      { header: t('column.fund'), weight: 14 },
      { header: t('column.opening'), weight: 11, align: 'right' },
      { header: t('column.in'), weight: 11, align: 'right' },
      { header: t('column.out'), weight: 11, align: 'right' },
      { header: t('column.booksBalance'), weight: 11, align: 'right' },
      { header: t('column.counted'), weight: 11, align: 'right' },
      { header: t('column.difference'), weight: 10, align: 'right' },
      { header: t('column.countedBy'), weight: 16 },
    ], sheet.funds.map((fund) => ({
      cells: [
        t(`fund.${fund.fund}`), money(fund.openingMinor), money(fund.inMinor), money(fund.outMinor), money(fund.closingMinor),
        fund.count === null ? t('meetingSheet.notCounted') : money(fund.count.countedMinor),
        fund.count === null ? '' : money(fund.count.differenceMinor),
        fund.count?.countedBy ?? '',
      ],
    })));
    const counted = sheet.funds.filter((fund) => fund.count !== null);
    for (const fund of counted) {
      const count = fund.count;
      if (count === null) continue;
      if (count.differenceMinor !== 0) {
        paragraph(doc, t(count.differenceMinor > 0 ? 'meetingSheet.surplus' : 'meetingSheet.shortage', {
          fund: t(`fund.${fund.fund}`), difference: money(Math.abs(count.differenceMinor)),
        }), true);
      }
      if (count.expectedAtCountMinor !== fund.closingMinor) {
        paragraph(doc, t('meetingSheet.atCount', { fund: t(`fund.${fund.fund}`), expected: money(count.expectedAtCountMinor), difference: money(count.differenceAtCountMinor) }));
      }
    }
    if (counted.length > 0 && counted.every((fund) => fund.count?.differenceMinor === 0)) paragraph(doc, t('meetingSheet.balanced'));

    signatureLine(doc, t('signature.secretary'));
    signatureLine(doc, t('signature.president'));
  });
}
