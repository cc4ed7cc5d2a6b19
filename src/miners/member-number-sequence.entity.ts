import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last member-number sequence used by a cooperative; locked FOR UPDATE while numbering. */
@Entity('member_number_sequences')
export class MemberNumberSequence {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @Column('integer', { name: 'last_value' }) lastValue: number;
}
