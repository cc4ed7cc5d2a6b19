import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { formatMoney } from '../common/money.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, type PdfDocument } from '../common/pdf/pdf-document.js';
import { barChartLayout, type BarChartData } from './rules/bar-chart-layout.js';

export const MARGIN = 40;
const ROW = 15;
/** Colour-blind-safe palette (Okabe–Ito), cycled for more series. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export type Cell = string | number;

/** The shared pieces of a report PDF: translated labels, number formats, tables, chart, page footer. */
export class ReportPdfKit {
  private readonly numberLocale: string;
  readonly width: number;

  constructor(
    readonly doc: PdfDocument,
    private readonly catalogue: Catalogue,
    private readonly locale: Locale,
    private readonly timezone: string,
  ) {
    this.numberLocale = locale === 'fr' ? 'fr-FR' : 'en-GB';
    this.width = doc.page.width - 2 * MARGIN;
  }

  t(key: string, params: Record<string, unknown> = {}): string {
    return this.catalogue.translate(this.locale, `reports.pdf.${key}`, params);
  }

  n(value: number): string {
    return formatNumber(this.numberLocale, value);
  }

  money(minor: number, currency: string): string {
    return formatMoney(this.numberLocale, minor, currency);
  }

  kg(mg: number): string {
    return formatNumber(this.numberLocale, mg / 1_000_000, { maximumFractionDigits: 3 });
  }

  /** Basis points as a percentage with two decimals. */
  percent(bp: number): string {
    return `${formatNumber(this.numberLocale, bp / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;
  }

  /** A fund's name in the reader's language with its code, or the code alone for a fund the catalogue does not name. */
  fund(fundCode: string): string {
    const key = `reports.fund.${fundCode}`;
    return this.catalogue.has(this.locale, key) ? `${this.catalogue.translate(this.locale, key)} (${fundCode})` : fundCode;
  }

  /**
   * A code of the records (a gate refusal reason, a mineral, a risk category…) in the reader's
   * language; a code the catalogue does not name is shown in words, underscores as spaces,
   * never as the bare code.
   */
  label(group: 'reason' | 'mineral' | 'category' | 'severity' | 'caseState' | 'assemblyKind' | 'authorisationKind' | 'authorisationStatus', code: string): string {
    // The report's own wording first, then the shared label catalogue (labels.json).
    const key = [`reports.label.${group}.${code}`, `label.${group}.${code}`].find((candidate) => this.catalogue.has(this.locale, candidate));
    return key !== undefined ? this.catalogue.translate(this.locale, key) : code.replaceAll('_', ' ').toLowerCase();
  }

  dateTime(iso: string): string {
    return new Intl.DateTimeFormat(this.numberLocale, { dateStyle: 'short', timeStyle: 'short', timeZone: this.timezone }).format(new Date(iso));
  }

  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN - 20) this.doc.addPage();
  }

  title(text: string): void {
    this.doc.font(FONT_BOLD).fontSize(16).text(text, MARGIN, MARGIN);
    this.doc.font(FONT_REGULAR).fontSize(9);
  }

  heading(text: string): void {
    this.doc.font(FONT_BOLD).fontSize(11).text(text, MARGIN, this.doc.y + 6);
  }

  table(title: string, headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
    this.ensure(3 * ROW);
    this.heading(title);
    const column = this.width / headers.length;
    // A cell too long for its column is set smaller, down to 6 pt, then wraps between words onto
    // more lines and the row grows. Cut with lineBreak: false, pdfkit ran long codes into the next
    // column, read back as « worst_forms_child_labou » / « r ».
    const line = (cells: readonly Cell[], font: string): void => {
      this.doc.font(font);
      const width = column - 4;
      const fitted = cells.map((cell) => {
        const text = typeof cell === 'number' ? this.n(cell) : cell;
        let size = 8;
        while (size > 6 && this.doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
        return { text, size, height: this.doc.fontSize(size).heightOfString(text, { width }) };
      });
      const height = Math.max(ROW, ...fitted.map((cell) => cell.height + 4));
      this.ensure(height);
      const y = this.doc.y;
      fitted.forEach((cell, index) => this.doc.fontSize(cell.size).text(cell.text, MARGIN + index * column, y, { width }));
      this.doc.y = y + height;
    };
    line(headers, FONT_BOLD);
    if (rows.length === 0) line([this.t('empty')], FONT_REGULAR);
    for (const row of rows) line(row, FONT_REGULAR);
  }


  /**
   * A grouped bar chart in vector graphics: scale with labelled ticks, one group per
   * category, a value label over each bar and a legend of the series' colours.
   */
  barChart(title: string, unit: string, data: BarChartData, format: (value: number) => string): void {
    const height = 150;
    this.ensure(height + 70);
    this.heading(title);
    const doc = this.doc;
    const top = doc.y + 10;
    const box = { x: MARGIN + 45, y: top, width: this.width - 45, height };
    if (data.categories.length === 0 || data.series.length === 0) {
      doc.font(FONT_REGULAR).fontSize(8).text(this.t('empty'), MARGIN, top);
      return;
    }
    const layout = barChartLayout(data, box);
    doc.font(FONT_REGULAR).fontSize(7).fillColor('#000000');
    for (const tick of layout.ticks) {
      doc.moveTo(box.x, tick.y).lineTo(box.x + box.width, tick.y).lineWidth(0.3).strokeColor('#BBBBBB').stroke();
      doc.fillColor('#000000').text(format(tick.value), MARGIN, tick.y - 4, { width: 42, align: 'right', lineBreak: false });
    }
    doc.text(unit, MARGIN, top - 10, { width: 80, lineBreak: false });
    for (const bar of layout.bars) {
      if (bar.height > 0) doc.rect(bar.x, bar.y, bar.width, bar.height).fillColor(PALETTE[bar.series % PALETTE.length]).fill();
      doc.fillColor('#000000').fontSize(6).text(format(bar.value), bar.x - 6, bar.y - 8, { width: bar.width + 12, align: 'center', lineBreak: false });
    }
    doc.moveTo(box.x, box.y + box.height).lineTo(box.x + box.width, box.y + box.height).lineWidth(0.8).strokeColor('#000000').stroke();
    doc.fontSize(7);
    for (const label of layout.categoryLabels) doc.text(label.text, label.x, box.y + box.height + 3, { width: label.width, align: 'center', lineBreak: false });
    let x = box.x;
    const legendY = box.y + box.height + 16;
    data.series.forEach((serie, index) => {
      doc.rect(x, legendY, 8, 8).fillColor(PALETTE[index % PALETTE.length]).fill();
      doc.fillColor('#000000').text(serie.name, x + 11, legendY, { lineBreak: false });
      x += 20 + doc.widthOfString(serie.name);
    });
    doc.fillColor('#000000');
    doc.y = legendY + 16;
    doc.x = MARGIN;
  }

  /** Page n / N and the verification code at the foot of every page (pages must be buffered). */
  footer(code: string): void {
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      this.doc.switchToPage(index);
      // Written inside the bottom margin: without lifting it pdfkit would start a new page for the footer.
      this.doc.page.margins.bottom = 0;
      this.doc.font(FONT_REGULAR).fontSize(8).text(this.t('page', { page: index + 1, pages: range.count, code }), MARGIN, this.doc.page.height - MARGIN - 5, { width: this.width, align: 'center', lineBreak: false });
    }
  }
}

/** Months as categories and minerals as series, from rows of (month, mineral, value). */
export function monthlySeries(rows: readonly { month: string; mineral: string; value: number }[]): BarChartData {
  const categories = [...new Set(rows.map((r) => r.month))].sort();
  const minerals = [...new Set(rows.map((r) => r.mineral))].sort();
  return {
    categories,
    series: minerals.map((name) => ({ name, values: categories.map((month) => rows.find((r) => r.month === month && r.mineral === name)?.value ?? 0) })),
  };
}
