import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { createPdfDocument, FONT_BOLD, FONT_REGULAR, type PdfDocument, renderPdf } from '../common/pdf/pdf-document.js';
import { formatDate } from './member-card.pdf.js';
import type { IdDocumentType, Sex } from './miner.entity.js';
import type { MembershipStatus } from './rules/lifecycle.js';

/** What one SAEMAPE identification form (fiche d'identification) shows, per DOMAIN.md "Miners". */
export interface SaemapeForm {
  memberNumber: string;
  lastName: string;
  middleName: string | null;
  firstName: string;
  sex: Sex;
  dateOfBirth: string | null;
  birthYear: number | null;
  birthDateEstimated: boolean;
  placeOfBirth: string | null;
  nationality: string;
  idDocumentType: IdDocumentType;
  idDocumentNumber: string;
  address: string | null;
  phone: string | null;
  cardNumber: string | null;
  cardIssuedOn: string | null;
  cardExpiresOn: string | null;
  siteName: string | null;
  membershipDate: string;
  status: MembershipStatus;
  photo: Buffer | null;
}

export interface SaemapeHeader {
  cooperativeName: string;
  printedOn: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const PHOTO = { width: 99, height: 128 };
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 19;

type Translate = (key: string, params?: Record<string, unknown>) => string;

function translator(catalogue: Catalogue, locale: Locale): Translate {
  return (key, params = {}) => catalogue.translate(locale, `miners.saemape.${key}`, params);
}

function countryName(locale: Locale, code: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code);
    return name === undefined || name === code ? code : `${name} (${code})`;
  } catch {
    return code;
  }
}

function birthText(form: SaemapeForm, t: Translate, locale: Locale): string {
  if (form.birthDateEstimated && form.birthYear !== null) return t('birthEstimated', { year: form.birthYear });
  return form.dateOfBirth === null ? '—' : formatDate(locale, form.dateOfBirth);
}

function dateOrDash(locale: Locale, date: string | null): string {
  return date === null ? '—' : formatDate(locale, date);
}

/** The sections of the form, each a title and its label/value rows, in the form's order. */
function sections(form: SaemapeForm, t: Translate, locale: Locale): { title: string; rows: [string, string][] }[] {
  const text = (value: string | null): string => (value === null || value.trim() === '' ? '—' : value);
  return [
    {
      title: t('section.identity'),
      rows: [
        [t('lastName'), form.lastName],
        [t('middleName'), text(form.middleName)],
        [t('firstName'), form.firstName],
        [t('sex'), t(`sexes.${form.sex}`)],
        [t('dateOfBirth'), birthText(form, t, locale)],
        [t('placeOfBirth'), text(form.placeOfBirth)],
        [t('nationality'), countryName(locale, form.nationality)],
      ],
    },
    {
      title: t('section.idDocument'),
      rows: [
        [t('idDocumentType'), t(`idDocumentTypes.${form.idDocumentType}`)],
        [t('idDocumentNumber'), form.idDocumentNumber],
      ],
    },
    {
      title: t('section.contact'),
      rows: [
        [t('address'), text(form.address)],
        [t('phone'), text(form.phone)],
      ],
    },
    {
      title: t('section.card'),
      rows: [
        [t('cardNumber'), text(form.cardNumber)],
        [t('cardIssuedOn'), dateOrDash(locale, form.cardIssuedOn)],
        [t('cardExpiresOn'), dateOrDash(locale, form.cardExpiresOn)],
      ],
    },
    {
      title: t('section.membership'),
      rows: [
        [t('memberNumber'), form.memberNumber],
        [t('site'), text(form.siteName)],
        [t('membershipDate'), formatDate(locale, form.membershipDate)],
        [t('status'), t(`statuses.${form.status}`)],
      ],
    },
  ];
}

function drawHeading(doc: PdfDocument, header: SaemapeHeader, t: Translate): number {
  const width = A4.width - 2 * MARGIN;
  doc.fillColor('#000000').font(FONT_BOLD).fontSize(10).text(t('country'), MARGIN, MARGIN, { width, align: 'center' });
  doc.font(FONT_REGULAR).fontSize(8.5).text(t('service'), { width, align: 'center' });
  doc.moveDown(0.8);
  doc.font(FONT_BOLD).fontSize(14).text(t('title'), { width, align: 'center' });
  doc.font(FONT_REGULAR).fontSize(10).text(t('cooperative', { name: header.cooperativeName }), { width, align: 'center' });
  return doc.y + 14;
}

function drawForm(doc: PdfDocument, form: SaemapeForm, header: SaemapeHeader, t: Translate, locale: Locale): void {
  const top = drawHeading(doc, header, t);
  const photoX = A4.width - MARGIN - PHOTO.width;
  if (form.photo) {
    doc.image(form.photo, photoX, top, { fit: [PHOTO.width, PHOTO.height], align: 'center', valign: 'center' });
  } else {
    doc.rect(photoX, top, PHOTO.width, PHOTO.height).lineWidth(0.5).stroke('#999999');
    doc.font(FONT_REGULAR).fontSize(8).fillColor('#999999').text(t('photo'), photoX, top + PHOTO.height / 2 - 5, { width: PHOTO.width, align: 'center', lineBreak: false });
    doc.fillColor('#000000');
  }

  const valueX = MARGIN + LABEL_WIDTH;
  const valueWidth = photoX - valueX - 10;
  let y = top;
  for (const section of sections(form, t, locale)) {
    doc.font(FONT_BOLD).fontSize(10).fillColor('#1f5f3f').text(section.title, MARGIN, y, { lineBreak: false });
    y += ROW_HEIGHT;
    for (const [label, value] of section.rows) {
      doc.font(FONT_REGULAR).fontSize(9).fillColor('#555555').text(label, MARGIN + 8, y + 1, { width: LABEL_WIDTH - 12, lineBreak: false });
      doc.font(FONT_BOLD).fontSize(10.5).fillColor('#000000').text(value, valueX, y, { width: y < top + PHOTO.height ? valueWidth : A4.width - MARGIN - valueX, lineBreak: false, ellipsis: true });
      y += ROW_HEIGHT;
    }
    y += 6;
  }

  y += 24;
  const half = (A4.width - 2 * MARGIN) / 2;
  doc.font(FONT_REGULAR).fontSize(9).fillColor('#000000');
  doc.text(t('signatureMiner'), MARGIN, y, { width: half - 20, lineBreak: false });
  doc.text(t('signatureCooperative'), MARGIN + half, y, { width: half - 20, lineBreak: false });
  doc.moveTo(MARGIN, y + 50).lineTo(MARGIN + half - 30, y + 50).lineWidth(0.5).stroke('#000000');
  doc.moveTo(MARGIN + half, y + 50).lineTo(A4.width - MARGIN, y + 50).stroke('#000000');
  doc.fontSize(8).fillColor('#555555').text(t('printedOn', { date: formatDate(locale, header.printedOn) }), MARGIN, A4.height - MARGIN - 10, { lineBreak: false });
  doc.fillColor('#000000');
}

function drawEmpty(doc: PdfDocument, header: SaemapeHeader, t: Translate): void {
  const top = drawHeading(doc, header, t);
  doc.font(FONT_REGULAR).fontSize(11).text(t('none'), MARGIN, top + 20);
}

const DOCUMENT_OPTIONS = { size: [A4.width, A4.height] as [number, number], margin: 0, autoFirstPage: false };

/** One miner's form, one A4 page. */
export function renderSaemapeForm(form: SaemapeForm, header: SaemapeHeader, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = translator(catalogue, locale);
  return renderPdf(
    (doc) => {
      doc.addPage();
      drawForm(doc, form, header, t, locale);
    },
    { ...DOCUMENT_OPTIONS, info: { Title: `${t('title')} — ${form.memberNumber}` } },
  );
}

/**
 * Many forms in one PDF, one page each, written as the pages arrive so that the first bytes
 * leave before the last miners are read. The returned document is the stream to send; a
 * failure while reading destroys it.
 */
export function streamSaemapeForms(pages: AsyncIterable<readonly SaemapeForm[]>, header: SaemapeHeader, catalogue: Catalogue, locale: Locale): PdfDocument {
  const t = translator(catalogue, locale);
  const doc = createPdfDocument({ ...DOCUMENT_OPTIONS, info: { Title: t('title') } });
  const write = async (): Promise<void> => {
    let count = 0;
    for await (const forms of pages) {
      for (const form of forms) {
        doc.addPage();
        drawForm(doc, form, header, t, locale);
        count += 1;
      }
      // Lets the response take what is written before the next page of miners is read.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (count === 0) {
      doc.addPage();
      drawEmpty(doc, header, t);
    }
    doc.end();
  };
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return doc;
}
