// The part of pg-copy-streams (no types of its own) that the ledger verification uses.
declare module 'pg-copy-streams' {
  import type { Readable, ReadableOptions } from 'node:stream';
  import type { Connection } from 'pg';

  export interface CopyToStreamQuery extends Readable {
    submit(connection: Connection): void;
    readonly rowCount: number;
  }

  export function to(text: string, options?: ReadableOptions): CopyToStreamQuery;
}
