import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openStream, SealedFileError, sealStream, looksSealed, PassphraseError } from './sealed-file.js';

const PASSPHRASE = 'correct horse battery staple';
// Cheap parameters: the format stores them, so the reading side follows whatever the file says.
const FAST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

async function through(input: Buffer, transform: NodeJS.ReadWriteStream, pieces = 1): Promise<Buffer> {
  const out: Buffer[] = [];
  const step = Math.max(1, Math.ceil(input.length / pieces));
  const parts = input.length === 0 ? [] : Array.from({ length: Math.ceil(input.length / step) }, (_, i) => input.subarray(i * step, (i + 1) * step));
  await pipeline(
    Readable.from(parts),
    transform,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

const seal = (plain: Buffer, pieces = 1): Promise<Buffer> => through(plain, sealStream(PASSPHRASE, FAST), pieces);
const open = (sealed: Buffer, passphrase = PASSPHRASE, pieces = 1): Promise<Buffer> => through(sealed, openStream(passphrase), pieces);

async function refusal(sealed: Buffer, passphrase = PASSPHRASE): Promise<string> {
  try {
    await open(sealed, passphrase);
  } catch (error) {
    if (error instanceof SealedFileError) return error.problem;
    throw error;
  }
  return 'opened';
}

describe('sealed files', () => {
  const plain = randomBytes(200_000); // four chunks: three full, one partial

  it('round-trips any content, whatever the sizes it is written and read in', async () => {
    for (const content of [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(64 * 1024, 7), plain]) {
      for (const pieces of [1, 3, 97]) {
        const sealed = await seal(content, pieces);
        expect(looksSealed(sealed)).toBe(true);
        expect((await open(sealed, PASSPHRASE, pieces)).equals(content)).toBe(true);
      }
    }
  });

  it('encrypts: the content is not in the file, and two files of the same content differ', async () => {
    const text = Buffer.from('Mwamba Kasongo, carte MB-00042, enfant de 14 ans'.repeat(50));
    const first = await seal(text);
    const second = await seal(text);
    expect(first.includes(Buffer.from('Kasongo'))).toBe(false);
    expect(first.equals(second)).toBe(false);
  });

  it('refuses every single flipped byte, naming what is wrong', async () => {
    const sealed = await seal(plain);
    const problems = new Set<string>();
    // Every byte of the header, then a sample across the chunks (each chunk's length, body and tag).
    const positions = [...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 200 }, (_, i) => 100 + Math.floor((i * (sealed.length - 101)) / 199))];
    for (const at of positions) {
      const altered = Buffer.from(sealed);
      altered[at] ^= 0x01;
      const problem = await refusal(altered);
      expect([at, problem]).not.toEqual([at, 'opened']);
      problems.add(problem);
    }
    expect([...problems].sort()).toEqual(['ALTERED', 'NOT_SEALED', 'WRONG_PASSPHRASE'].filter((p) => problems.has(p)).sort());
    expect(problems.has('ALTERED')).toBe(true);
  });

  it('refuses a file cut short anywhere, and bytes after its end', async () => {
    const sealed = await seal(plain);
    for (const length of [0, 10, 91, 92, 100, 70_000, sealed.length - 1]) {
      expect(await refusal(sealed.subarray(0, length))).toMatch(/TRUNCATED|NOT_SEALED|ALTERED/);
    }
    expect(await refusal(sealed.subarray(0, sealed.length - 1))).toBe('TRUNCATED');
    expect(await refusal(Buffer.concat([sealed, Buffer.from([0])]))).toBe('ALTERED');
    expect(await refusal(Buffer.concat([sealed, sealed.subarray(92)]))).toBe('ALTERED');
  });

  it('refuses chunks reordered or dropped', async () => {
    const sealed = await seal(plain);
    const header = sealed.subarray(0, 92);
    const frames: Buffer[] = [];
    for (let at = 92; at < sealed.length; ) {
      const length = sealed.readUInt32BE(at);
      frames.push(sealed.subarray(at, at + 4 + length));
      at += 4 + length;
    }
    expect(frames).toHaveLength(4);
    expect(await refusal(Buffer.concat([header, frames[1], frames[0], frames[2], frames[3]]))).toBe('ALTERED');
    expect(await refusal(Buffer.concat([header, frames[0], frames[2], frames[3]]))).toBe('ALTERED');
    expect(await refusal(Buffer.concat([header, frames[0], frames[1], frames[2]]))).toBe('TRUNCATED');
  });

  it('tells a wrong passphrase apart, and refuses a file that is not sealed', async () => {
    const sealed = await seal(plain);
    expect(await refusal(sealed, 'another passphrase, long enough')).toBe('WRONG_PASSPHRASE');
    expect(await refusal(Buffer.from('{"format":"ushirika-backup"}\n'.repeat(10)))).toBe('NOT_SEALED');
  });

  it('refuses a passphrase shorter than twelve characters', () => {
    expect(() => sealStream('short')).toThrow(PassphraseError);
    expect(() => sealStream('short')).toThrow(/at least 12 characters/);
  });
});
