import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../../database/tx.js';
import type { IncidentReportCategory } from './rules/incident-categories.js';

export interface NewIncidentReport {
  readonly id: string;
  readonly category: IncidentReportCategory;
  readonly siteId: string | null;
  readonly latitudeE6: number | null;
  readonly longitudeE6: number | null;
  readonly description: string;
  readonly seenOn: string;
  readonly receivedOn: string;
  readonly organisationId: string | null;
  readonly reporterUserId: string | null;
  readonly riskFlagId: string;
}

/** Community incident reports, and the public form's throttle and spent challenges (deployment state). */
@Injectable()
export class CommunityReportsRepository {
  /** The cooperative's time zone, or null when the transaction's cooperative does not exist. */
  async cooperativeTimezone(tx: TenantTx): Promise<string | null> {
    const rows = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return rows[0]?.timezone ?? null;
  }

  async insertReport(tx: TenantTx, report: NewIncidentReport): Promise<void> {
    await tx.query(
      `INSERT INTO incident_reports (cooperative_id, id, category, site_id, latitude_e6, longitude_e6, description, seen_on, received_on,
                                     reporter_kind, observer_organisation_id, reporter_user_id, risk_flag_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        tx.cooperativeId, report.id, report.category, report.siteId, report.latitudeE6, report.longitudeE6, report.description, report.seenOn,
        report.receivedOn, report.organisationId === null ? 'anonymous' : 'monitor', report.organisationId, report.reporterUserId, report.riskFlagId,
      ],
    );
  }

  /**
   * Counts one submission under the address key of its window and answers how many the window
   * holds with it; rows of earlier windows are dropped in the same statement, so no key outlives
   * its window by more than the time to the next submission.
   */
  async countSubmission(tx: Tx, addressKey: string, windowStartedAt: Date): Promise<number> {
    const [row] = await tx.query<{ submissions: number }[]>(
      `WITH expired AS (DELETE FROM public_form_throttle WHERE window_started_at < $2)
       INSERT INTO public_form_throttle (address_key, window_started_at, submissions) VALUES ($1, $2, 1)
       ON CONFLICT (address_key) DO UPDATE SET submissions = public_form_throttle.submissions + 1
       RETURNING submissions`,
      [addressKey, windowStartedAt],
    );
    return row.submissions;
  }

  /** Spends a challenge: false when it was spent already. Spent challenges past their expiry are dropped. */
  async spendChallenge(tx: Tx, challengeId: string, expiresAt: Date): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `WITH expired AS (DELETE FROM public_form_challenges_spent WHERE expires_at < now())
       INSERT INTO public_form_challenges_spent (challenge_id, expires_at) VALUES ($1, $2)
       ON CONFLICT (challenge_id) DO NOTHING RETURNING challenge_id`,
      [challengeId, expiresAt],
    );
    return rows.length === 1;
  }
}
