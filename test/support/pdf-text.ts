import { PDFParse } from 'pdf-parse';

/** All the text of a PDF, pages joined, for assertions on what a rendered document says. */
export async function pdfText(buffer: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(buffer) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
