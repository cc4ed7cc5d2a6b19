import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import { Cooperative, CooperativeLegalFormChange } from './cooperative.entity.js';

export type NewCooperative = Omit<Cooperative, 'createdAt' | 'updatedAt'>;
export type CooperativeChanges = Partial<Omit<Cooperative, 'id' | 'createdAt' | 'updatedAt'>>;

/** The SQL of cooperatives themselves (the rows every tenant hangs from) and of their legal-form history. */
@Injectable()
export class CooperativesRepository {
  async cooperativeExists(tx: Tx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM cooperatives WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** Names of those of the cooperatives row-level security lets through. */
  async cooperativeNames(tx: Tx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    return tx.query<{ id: string; name: string }[]>('SELECT id, name FROM cooperatives WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** A cooperative with this id, or registered under this number in this country. */
  async clashingCooperative(tx: Tx, clash: { id?: string; country: string; registrationNumber: string }): Promise<{ id: string } | undefined> {
    const [row] = await tx.query<{ id: string }[]>('SELECT id FROM cooperatives WHERE id = $1 OR (country = $2 AND registration_number = $3)', [
      clash.id ?? null,
      clash.country,
      clash.registrationNumber,
    ]);
    return row;
  }

  async insertCooperative(tx: Tx, cooperative: NewCooperative): Promise<void> {
    await tx.manager.insert(Cooperative, cooperative);
  }

  async cooperativeById(tx: Tx, id: string): Promise<Cooperative | null> {
    return tx.manager.findOneBy(Cooperative, { id });
  }

  /** Every cooperative row-level security lets through, by name. */
  async visibleCooperatives(tx: Tx): Promise<Cooperative[]> {
    return tx.manager.find(Cooperative, { order: { name: 'ASC', id: 'ASC' } });
  }

  /** The transaction's cooperative, locked for an update. */
  async lockedCooperative(tx: TenantTx): Promise<Cooperative | null> {
    return tx.manager.findOne(Cooperative, { where: { id: tx.cooperativeId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateCooperative(tx: TenantTx, changes: CooperativeChanges): Promise<void> {
    await tx.manager.update(Cooperative, { id: tx.cooperativeId }, { ...changes, updatedAt: new Date() });
  }

  async insertLegalFormChange(tx: TenantTx, change: Omit<CooperativeLegalFormChange, 'cooperativeId' | 'recordedAt'>): Promise<void> {
    await tx.manager.insert(CooperativeLegalFormChange, { ...change, cooperativeId: tx.cooperativeId });
  }
}
