import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import sodium, { type StateAddress } from 'libsodium-wrappers';

/**
 * An encrypted, authenticated file: every backup and cooperative export is written through
 * `sealStream` and read back through `openStream`.
 *
 * - The key is derived from a passphrase with argon2id (a random salt per file, the cost
 *   parameters stored in the header so a file stays readable when the defaults change).
 * - The content is encrypted in 64 KiB chunks with libsodium's secretstream
 *   (XChaCha20-Poly1305): each chunk is authenticated as it is read, chunks cannot be
 *   reordered, dropped or replayed, and the last one carries the FINAL tag, so a file cut
 *   short or with bytes after its end is refused. The header is the associated data of every
 *   chunk: its parameters cannot be changed either.
 * - A key-check value in the header tells a wrong passphrase apart from an altered file.
 *
 * Layout: "USHSEAL1" | memoryCost u32 | timeCost u32 | parallelism u32 | salt (16) |
 * key check (32) | secretstream header (24) | frames of (u32 length | ciphertext).
 * Memory is constant: one chunk at a time in either direction.
 */
const MAGIC = Buffer.from('USHSEAL1', 'ascii');
const SALT_BYTES = 16;
const CHECK_BYTES = 32;
const STREAM_HEADER_BYTES = 24;
const HEADER_BYTES = MAGIC.length + 12 + SALT_BYTES + CHECK_BYTES + STREAM_HEADER_BYTES;
const CHUNK_BYTES = 64 * 1024;
const ABYTES = 17;
/** Algorithm is a const enum, unusable under isolatedModules: 2 is its Argon2id member. */
const ARGON2ID = 2 as Algorithm;
/** 64 MiB, 3 passes: a few hundred milliseconds per file, costly for someone guessing. */
export const DEFAULT_KDF = { memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;
/** A header asking for more than this is refused rather than obeyed (1 GiB, 10 passes). */
const MAX_KDF = { memoryCost: 1_048_576, timeCost: 10, parallelism: 8 } as const;

export const MIN_PASSPHRASE_LENGTH = 12;

export type SealedFileProblem = 'NOT_SEALED' | 'WRONG_PASSPHRASE' | 'ALTERED' | 'TRUNCATED';

const MESSAGES: Readonly<Record<SealedFileProblem, string>> = {
  NOT_SEALED: 'This file is not an encrypted Ushirika file (or its header was changed)',
  WRONG_PASSPHRASE: 'Wrong passphrase: this file was encrypted with another one',
  ALTERED: 'The file was altered after it was written (a chunk fails its authentication): nothing of it is trusted',
  TRUNCATED: 'The file is cut short (its final chunk is missing): nothing of it is trusted',
};

export class SealedFileError extends Error {
  constructor(readonly problem: SealedFileProblem) {
    super(MESSAGES[problem]);
  }
}

export class PassphraseError extends Error {}

export function assertPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new PassphraseError(`The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`);
  }
}

interface Kdf {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

interface Keys {
  readonly stream: Uint8Array;
  readonly check: Buffer;
}

async function keysOf(passphrase: string, salt: Buffer, kdf: Kdf): Promise<Keys> {
  const master = await hashRaw(passphrase.normalize('NFC'), { ...kdf, algorithm: ARGON2ID, salt, outputLen: 32 });
  const sub = (label: string): Buffer => createHmac('sha256', master).update(label).digest();
  return { stream: sub('ushirika sealed file: stream key v1'), check: sub('ushirika sealed file: key check v1') };
}

/** Encrypts whatever is written into it; the output is a sealed file. */
export function sealStream(passphrase: string, kdf: Kdf = DEFAULT_KDF): Transform {
  assertPassphrase(passphrase);
  let state: StateAddress | undefined;
  let header: Buffer | undefined;
  let pending: Buffer = Buffer.alloc(0);
  const frame = (message: Uint8Array, tag: number): Buffer => {
    const cipher = sodium.crypto_secretstream_xchacha20poly1305_push(state!, message, header!, tag);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(cipher.length);
    return Buffer.concat([length, cipher]);
  };
  const start = async (push: (chunk: Buffer) => void): Promise<void> => {
    if (state) return;
    await sodium.ready;
    const salt = randomBytes(SALT_BYTES);
    const keys = await keysOf(passphrase, salt, kdf);
    const init = sodium.crypto_secretstream_xchacha20poly1305_init_push(keys.stream);
    state = init.state;
    const params = Buffer.alloc(12);
    params.writeUInt32BE(kdf.memoryCost, 0);
    params.writeUInt32BE(kdf.timeCost, 4);
    params.writeUInt32BE(kdf.parallelism, 8);
    header = Buffer.concat([MAGIC, params, salt, keys.check, Buffer.from(init.header)]);
    push(header);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      start((bytes) => this.push(bytes))
        .then(() => {
          pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
          while (pending.length > CHUNK_BYTES) {
            this.push(frame(pending.subarray(0, CHUNK_BYTES), sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE));
            pending = pending.subarray(CHUNK_BYTES);
          }
          done();
        })
        .catch(done);
    },
    flush(done: TransformCallback) {
      start((bytes) => this.push(bytes))
        .then(() => {
          this.push(frame(pending, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL));
          done();
        })
        .catch(done);
    },
  });
}

/** Decrypts a sealed file written into it, refusing it at the first byte that does not hold. */
export function openStream(passphrase: string): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let state: StateAddress | undefined;
  let finished = false;
  const take = (bytes: number): Buffer => {
    const taken = buffered.subarray(0, bytes);
    buffered = buffered.subarray(bytes);
    return taken;
  };
  const readHeader = async (): Promise<boolean> => {
    if (header) return true;
    if (buffered.length < HEADER_BYTES) return false;
    const bytes = take(HEADER_BYTES);
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('NOT_SEALED');
    const kdf = {
      memoryCost: bytes.readUInt32BE(8),
      timeCost: bytes.readUInt32BE(12),
      parallelism: bytes.readUInt32BE(16),
    };
    if (kdf.memoryCost < 8 || kdf.memoryCost > MAX_KDF.memoryCost || kdf.timeCost < 1 || kdf.timeCost > MAX_KDF.timeCost
      || kdf.parallelism < 1 || kdf.parallelism > MAX_KDF.parallelism) {
      throw new SealedFileError('NOT_SEALED');
    }
    const saltAt = MAGIC.length + 12;
    const salt = bytes.subarray(saltAt, saltAt + SALT_BYTES);
    const check = bytes.subarray(saltAt + SALT_BYTES, saltAt + SALT_BYTES + CHECK_BYTES);
    const streamHeader = bytes.subarray(saltAt + SALT_BYTES + CHECK_BYTES, HEADER_BYTES);
    await sodium.ready;
    const keys = await keysOf(passphrase, Buffer.from(salt), kdf);
    if (!timingSafeEqual(keys.check, check)) throw new SealedFileError('WRONG_PASSPHRASE');
    try {
      state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(streamHeader, keys.stream);
    } catch {
      throw new SealedFileError('ALTERED');
    }
    header = Buffer.from(bytes);
    return true;
  };
  const readFrames = (push: (chunk: Buffer) => void): void => {
    while (buffered.length >= 4) {
      if (finished) throw new SealedFileError('ALTERED');
      const length = buffered.readUInt32BE(0);
      if (length < ABYTES || length > CHUNK_BYTES + ABYTES) throw new SealedFileError('ALTERED');
      if (buffered.length < 4 + length) return;
      take(4);
      let opened: { message: Uint8Array; tag: number } | false;
      try {
        opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state!, take(length), header!);
      } catch {
        opened = false;
      }
      if (!opened) throw new SealedFileError('ALTERED');
      if (opened.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) finished = true;
      else if (opened.tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) throw new SealedFileError('ALTERED');
      if (opened.message.length > 0) push(Buffer.from(opened.message));
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      readHeader()
        .then((ready) => {
          if (ready) readFrames((bytes) => this.push(bytes));
          done();
        })
        .catch(done);
    },
    flush(done: TransformCallback) {
      readHeader()
        .then((ready) => {
          if (!ready) throw new SealedFileError(buffered.length === 0 ? 'TRUNCATED' : 'NOT_SEALED');
          readFrames((bytes) => this.push(bytes));
          if (buffered.length > 0 && finished) throw new SealedFileError('ALTERED');
          if (!finished) throw new SealedFileError('TRUNCATED');
          done();
        })
        .catch(done);
    },
  });
}

/** Whether a file begins as a sealed file does (to name an old or foreign file clearly). */
export function looksSealed(firstBytes: Buffer): boolean {
  return firstBytes.subarray(0, MAGIC.length).equals(MAGIC);
}
