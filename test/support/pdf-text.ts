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

/** A supertest parser that keeps a binary body (a PDF) whole: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: { on(event: string, listener: (chunk: Buffer) => void): unknown }, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
