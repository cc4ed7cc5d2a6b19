import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * PDFs with DejaVu Sans embedded: pdfkit's built-in fonts cannot draw every character our
 * texts hold (accented names, the narrow no-break space that French number formatting
 * emits). Fonts are registered as 'regular' and 'bold'.
 */
const fontsDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_REGULAR = 'regular';
export const FONT_BOLD = 'bold';

export type PdfDocument = InstanceType<typeof PDFDocument>;
export type PdfOptions = ConstructorParameters<typeof PDFDocument>[0];

export function createPdfDocument(options: PdfOptions = {}): PdfDocument {
  const doc = new PDFDocument({ ...options });
  doc.registerFont(FONT_REGULAR, join(fontsDir, 'DejaVuSans.ttf'));
  doc.registerFont(FONT_BOLD, join(fontsDir, 'DejaVuSans-Bold.ttf'));
  doc.font(FONT_REGULAR);
  return doc;
}

/** Builds a document and collects it into one Buffer. */
export async function renderPdf(build: (doc: PdfDocument) => void, options: PdfOptions = {}): Promise<Buffer> {
  const doc = createPdfDocument(options);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  build(doc);
  doc.end();
  return done;
}

export function formatNumber(locale: string, value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, options).format(value);
}
