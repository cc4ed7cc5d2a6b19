import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { AUTH_SECRETS, type AuthSecrets } from '../../auth/auth-secrets.js';
import type { AuthContext, TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate, compareIsoDates } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { instantAt, localDateIn } from '../../common/time-zone.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Db } from '../../database/db.js';
import { Scopes } from '../../database/scopes.js';
import type { TenantCaller, TenantTx } from '../../database/tx.js';
import { OrganisationsRepository } from '../../organisations/organisations.repository.js';
import { SiteDirectory } from '../../places/site-directory.js';
import { RiskFlagsService } from '../risk-flags.service.js';
import { CommunityReportsRepository } from './community-reports.repository.js';
import type { IncidentReportDto, MonitorIncidentReportDto, PublicIncidentReportDto } from './dto/incident-report.dto.js';
import type { IncidentChallengeView, IncidentReportReceiptView } from './dto/incident-report.view.js';
import { flagOfIncident } from './rules/incident-categories.js';
import { addressWindowOf, checkChallenge, overSubmissionLimit, secondsLeftInWindow, signChallenge } from './rules/public-form-guard.js';

/**
 * Who reports: somebody of the community through the public form, known to nobody, or a
 * community monitor of an observer organisation, signed in, whose organisation is recorded.
 */
export type IncidentReporter =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'monitor'; readonly organisationId: string; readonly userId: string; readonly requestId: string };

/** A challenge is good for ten minutes: long enough to write a report on a phone. */
const CHALLENGE_TTL_MS = 10 * 60_000;
const THROTTLE_WINDOW_MS = 60 * 60_000;
const RECEIVED: IncidentReportReceiptView = { status: 'received' };

/** The caller of an anonymous report's transaction: nobody. The audit trail records no actor nor request id for it. */
function callerOf(reporter: IncidentReporter, cooperativeId: string): AuthContext & TenantCaller {
  const userId = reporter.kind === 'monitor' ? reporter.userId : null;
  return {
    userId: userId ?? '',
    requestId: reporter.kind === 'monitor' ? reporter.requestId : '',
    cooperativeId,
    roles: [],
    scope: Scopes.communityReport(cooperativeId, userId),
  };
}

/**
 * Community incident reports: each one stored with where and when it was seen and raising one
 * risk flag of the cooperative whose source is 'community_report'. The public form asks a
 * solved, unspent challenge and counts submissions per address (as a keyed hash, never the
 * address); what it stores names nobody.
 */
@Injectable()
export class CommunityReportsService {
  private readonly challengeKey: Buffer;
  private readonly addressSecret: Buffer;

  constructor(
    private readonly db: Db,
    private readonly repository: CommunityReportsRepository,
    private readonly flags: RiskFlagsService,
    private readonly sites: SiteDirectory,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUTH_SECRETS) secrets: AuthSecrets,
  ) {
    this.challengeKey = createHmac('sha256', secrets.jwtSecret).update('ushirika.incident-report-challenge').digest();
    this.addressSecret = createHmac('sha256', secrets.jwtSecret).update('ushirika.public-form-address').digest();
  }

  challenge(now = Date.now()): IncidentChallengeView {
    const claims = { id: randomUUID(), exp: now + CHALLENGE_TTL_MS, bits: this.config.INCIDENT_REPORT_CHALLENGE_BITS };
    return { challenge: signChallenge(this.challengeKey, claims), difficultyBits: claims.bits, expiresAt: new Date(claims.exp).toISOString() };
  }

  /**
   * The public form. A filled honeypot is answered like a report and nothing is kept. The
   * submission is counted (in its own transaction, so a refused one still counts) before the
   * challenge is spent with the report: a report refused for its content leaves its challenge
   * unspent, to be corrected and sent again.
   */
  async submitPublic(address: string, dto: PublicIncidentReportDto, now = Date.now()): Promise<IncidentReportReceiptView> {
    if (dto.website !== undefined && dto.website.trim() !== '') return RECEIVED;
    const check = checkChallenge(this.challengeKey, dto.challenge, dto.nonce, now);
    if (!check.ok) throw new DomainError(check.refusal === 'expired' ? 'INCIDENT_CHALLENGE_EXPIRED' : 'INCIDENT_CHALLENGE_INVALID', {}, 'invalid');
    const window = addressWindowOf(this.addressSecret, address, now, THROTTLE_WINDOW_MS);
    const submissions = await this.db.run(Scopes.anonymous(), (tx) => this.repository.countSubmission(tx, window.key, window.windowStartedAt));
    if (overSubmissionLimit(submissions, this.config.INCIDENT_REPORTS_PER_HOUR)) {
      throw new DomainError('INCIDENT_REPORTS_THROTTLED', { retryAfterSeconds: secondsLeftInWindow(window, now, THROTTLE_WINDOW_MS) }, 'too_many_requests');
    }
    const { challenge: _challenge, nonce: _nonce, website: _website, ...report } = dto;
    await this.store({ kind: 'anonymous' }, report, async (tx) => {
      if (!(await this.repository.spendChallenge(tx, check.claims.id, new Date(check.claims.exp)))) throw new DomainError('INCIDENT_CHALLENGE_USED', {}, 'conflict');
    });
    return RECEIVED;
  }

  /**
   * A community monitor's report: the caller holds the observer or partner role in this
   * cooperative (the access function gives it only while their organisation's grant or referral
   * stands there), and their organisation is recorded with the report.
   */
  async reportAsMonitor(auth: TenantAuthContext, dto: MonitorIncidentReportDto): Promise<IncidentReportReceiptView> {
    const affiliation = await this.db.run(Scopes.readOnly(auth.scope), (tx) => this.organisations.affiliationOf(tx, auth.userId));
    if (!affiliation) throw new DomainError('FORBIDDEN', {}, 'forbidden');
    return this.report({ kind: 'monitor', organisationId: affiliation.organisationId, userId: auth.userId, requestId: auth.requestId }, { ...dto, cooperativeId: auth.cooperativeId });
  }

  /**
   * One report, from whoever: the use case the public form and a monitor's route share. A
   * monitor's report records their organisation and user; an anonymous one no one.
   */
  async report(reporter: IncidentReporter, input: IncidentReportDto): Promise<IncidentReportReceiptView> {
    await this.store(reporter, input, () => Promise.resolve());
    return RECEIVED;
  }

  private async store(reporter: IncidentReporter, input: IncidentReportDto, before: (tx: TenantTx) => Promise<void>): Promise<void> {
    assertIsoDate(input.seenOn);
    if (input.siteId === undefined && input.location === undefined) throw new DomainError('INCIDENT_LOCATION_REQUIRED', {}, 'invalid');
    const caller = callerOf(reporter, input.cooperativeId);
    await this.db.tenant(caller, async (tx) => {
      const timezone = await this.repository.cooperativeTimezone(tx);
      if (timezone === null) throw new DomainError('COOPERATIVE_NOT_FOUND', {}, 'not_found');
      const today = localDateIn(timezone);
      if (compareIsoDates(input.seenOn, today) > 0) throw new DomainError('INCIDENT_SEEN_IN_FUTURE', { seenOn: input.seenOn, today });
      await before(tx);
      await this.sites.assertKnown(tx, input.siteId);
      const reportId = randomUUID();
      const flag = flagOfIncident(input.category);
      const monitor = reporter.kind === 'monitor' ? reporter : null;
      const siteId = input.siteId ?? null;
      const riskFlagId = await this.flags.raiseFromCommunityReport(tx, caller, {
        reportId, category: flag.category, severity: flag.severity, siteId, description: input.description,
        anonymous: monitor === null, reporterUserId: monitor?.userId ?? null, occurredAt: instantAt(timezone, input.seenOn, '00:00'),
      });
      await this.repository.insertReport(tx, {
        id: reportId, category: input.category, siteId, latitudeE6: input.location?.latitudeE6 ?? null, longitudeE6: input.location?.longitudeE6 ?? null,
        description: input.description, seenOn: input.seenOn, receivedOn: today, organisationId: monitor?.organisationId ?? null,
        reporterUserId: monitor?.userId ?? null, riskFlagId,
      });
      await this.audit.record(tx, caller, {
        action: 'incident_report.received',
        entity: 'incident_report',
        entityId: reportId,
        anonymous: monitor === null,
        after: { category: input.category, siteId, seenOn: input.seenOn, riskFlagId, reporter: reporter.kind, organisationId: monitor?.organisationId ?? null },
      });
    });
  }
}
