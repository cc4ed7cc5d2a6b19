import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { PDFParse } from 'pdf-parse';

/** jsqr ships CommonJS typed as an ES default export: under nodenext the function is `.default`. */
const jsQR = jsQRModule.default;

/** Every QR code drawn in a PDF, decoded. */
export async function qrCodesIn(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getImage({ imageBuffer: true });
    const codes: string[] = [];
    for (const image of result.pages.flatMap((page) => page.images)) {
      const { rgba, width, height } = decodePng(Buffer.from(image.data));
      const decoded = jsQR(rgba, width, height);
      if (decoded) codes.push(decoded.data);
    }
    return codes;
  } finally {
    await parser.destroy();
  }
}

/**
 * Pixels of an 8-bit, non-interlaced PNG (what pdf-parse hands back for an embedded image),
 * as RGBA for jsQR; just enough of the format for these tests, no dependency.
 */
function decodePng(png: Buffer): { rgba: Uint8ClampedArray; width: number; height: number } {
  let offset = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const chunk = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = chunk;
    if (type === 'IDAT') data.push(chunk);
    offset += 12 + length;
  }
  if (!header) throw new Error('not a PNG');
  const [width, height, bitDepth, colourType, interlace] = [header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9], header[12]];
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number | undefined>)[colourType];
  if (bitDepth !== 8 || interlace !== 0 || channels === undefined) throw new Error(`unsupported PNG ${bitDepth}/${colourType}/${interlace}`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const at = i * channels;
    const grey = channels <= 2;
    rgba.set([pixels[at], grey ? pixels[at] : pixels[at + 1], grey ? pixels[at] : pixels[at + 2], 255], i * 4);
  }
  return { rgba, width, height };
}
