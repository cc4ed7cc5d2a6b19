import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import { Cooperative, CooperativeLegalFormChange, type LegalForm } from './cooperative.entity.js';

export type NewCooperative = Omit<Cooperative, 'createdAt' | 'updatedAt'>;
/** What other modules print of the transaction's cooperative (governance's minutes and notices). */
export interface CooperativeIdentity {
  name: string;
  legal_form: LegalForm;
  registration_number: string;
  province: string;
  timezone: string;
}

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

  async identityHere(tx: TenantTx): Promise<CooperativeIdentity | undefined> {
    const [row] = await tx.query<CooperativeIdentity[]>('SELECT name, legal_form, registration_number, province, timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row;
  }

  /**
   * The legal form in force on a date by the recorded changes: the latest change effective by
   * then, else the form before the first later change; undefined when none was ever recorded.
   */
  async legalFormOn(tx: TenantTx, on: string): Promise<LegalForm | undefined> {
    const [row] = await tx.query<{ legal_form: LegalForm | null }[]>(
      `SELECT coalesce(
         (SELECT to_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on <= $2::date ORDER BY effective_on DESC, recorded_at DESC LIMIT 1),
         (SELECT from_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on > $2::date ORDER BY effective_on, recorded_at LIMIT 1)
       ) AS legal_form`,
      [tx.cooperativeId, on],
    );
    return row?.legal_form ?? undefined;
  }
}
