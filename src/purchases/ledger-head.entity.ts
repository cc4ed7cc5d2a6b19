import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last sequence and hash of a cooperative's ledger; locked FOR UPDATE to serialise appends. */
@Entity('ledger_heads')
export class LedgerHead {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @Column('integer', { name: 'last_sequence' }) lastSequence: number;
  @Column('char', { name: 'last_hash', length: 64 }) lastHash: string;
}
