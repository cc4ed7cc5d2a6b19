import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSPHRASE_LENGTH } from '../../database/sealed-file.js';

export class ExportCooperativeDto {
  /**
   * The file is encrypted with this passphrase (argon2id, XChaCha20-Poly1305); it is needed to
   * import the file anywhere and is kept nowhere. In the body, never in a URL: it must not reach
   * a log.
   */
  @IsString() @MinLength(MIN_PASSPHRASE_LENGTH) @MaxLength(1024) passphrase: string;
}
