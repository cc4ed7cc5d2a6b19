import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { IdentityTenancyAudit1763900100000 } from './1763900100000-identity-tenancy-audit.js';
import { RiskFlags1763900200000 } from './1763900200000-risk-flags.js';
import { MinerRegistry1763900300000 } from './1763900300000-miner-registry.js';
import { SitesGate1763900400000 } from './1763900400000-sites-gate.js';
import { PurchaseLedger1763900500000 } from './1763900500000-purchase-ledger.js';
import { SavingsGroups1763900600000 } from './1763900600000-savings-groups.js';
import { Governance1763900700000 } from './1763900700000-governance.js';
import { Reports1763900800000 } from './1763900800000-reports.js';
import { RiskEvidence1763900900000 } from './1763900900000-risk-evidence.js';
import { PersonalDataErasure1763901000000 } from './1763901000000-personal-data-erasure.js';
import { TrainingCertifications1763902000000 } from './1763902000000-training-certifications.js';
import { MinerCardFees1763902010000 } from './1763902010000-miner-card-fees.js';
import { GatePresence1763902100000 } from './1763902100000-gate-presence.js';
import { SiteForeignKeys1763902110000 } from './1763902110000-site-foreign-keys.js';
import { Sales1763902200000 } from './1763902200000-sales.js';
import { FundSpending1763902300000 } from './1763902300000-fund-spending.js';
import { SavingsCommitteeAmendmentsWriteOffsExits1763902500000 } from './1763902500000-savings-committee-amendments-write-offs-exits.js';
import { GovernanceDemandsRounds1763902600000 } from './1763902600000-governance-demands-rounds.js';
import { JobsJurisdictionReports1763902700000 } from './1763902700000-jobs-jurisdiction-reports.js';
import { AccessInOneStatement1763902800000 } from './1763902800000-access-in-one-statement.js';
import { H5SealedBallots1763903050000 } from './1763903050000-h5-sealed-ballots.js';
import { H6IdempotencyRetention1763903060000 } from './1763903060000-h6-idempotency-retention.js';
import { H5CooperativeLegalFormChanges1763903070000 } from './1763903070000-h5-cooperative-legal-form-changes.js';
import { H8CardCredentials1763903080000 } from './1763903080000-h8-card-credentials.js';
import { H8PersonalDataCopies1763903090000 } from './1763903090000-h8-personal-data-copies.js';
import { H4AccountsLifecycle1763903400000 } from './1763903400000-h4-accounts-lifecycle.js';
import { H7FundSpendingApproval1763903700000 } from './1763903700000-h7-fund-spending-approval.js';
import { H1PurchaseInOneCall1764000100000 } from './1764000100000-h1-purchase-in-one-call.js';
import { H3GateScanInOneCall1764000300000 } from './1764000300000-h3-gate-scan-in-one-call.js';
import { H9GateScanFactsFunction1764000310000 } from './1764000310000-h9-gate-scan-facts-function.js';
import { H4SavingsCachedBalances1764000400000 } from './1764000400000-h4-savings-cached-balances.js';
import { H6ReportRollups1764000600000 } from './1764000600000-h6-report-rollups.js';
import { H7MinerRegistrySpeed1764000700000 } from './1764000700000-h7-miner-registry-speed.js';
import { H1SharedSecretFingerprints1764001000000 } from './1764001000000-h1-shared-secret-fingerprints.js';
import { H4ShardingKeys1764001300000 } from './1764001300000-h4-sharding-keys.js';
import { H5SiteAssessments1764001400000 } from './1764001400000-h5-site-assessments.js';
import { H6KimberleyProcess1764001500000 } from './1764001500000-h6-kimberley-process.js';
import { H7ObserversPartners1764001600000 } from './1764001600000-h7-observers-partners.js';
import { H8CommunityReportsSiteAuthorisations1764001700000 } from './1764001700000-h8-community-reports-site-authorisations.js';
import { H9ElectionRegisterRead1764001800000 } from './1764001800000-h9-election-register-read.js';
import { H10SavingsCarriedDebts1764001900000 } from './1764001900000-h10-savings-carried-debts.js';
import { IncidentReportOrganisations1764002000000 } from './1764002000000-incident-report-organisations.js';

/**
 * Every migration, in order. Listed explicitly rather than globbed so that the ESM build
 * and the tests load exactly the same set. Append new ones; never edit a landed one.
 */
export const migrations = [
  Foundation1763900000000,
  IdentityTenancyAudit1763900100000,
  RiskFlags1763900200000,
  MinerRegistry1763900300000,
  SitesGate1763900400000,
  PurchaseLedger1763900500000,
  SavingsGroups1763900600000,
  Governance1763900700000,
  Reports1763900800000,
  RiskEvidence1763900900000,
  PersonalDataErasure1763901000000,
  TrainingCertifications1763902000000,
  MinerCardFees1763902010000,
  GatePresence1763902100000,
  SiteForeignKeys1763902110000,
  Sales1763902200000,
  FundSpending1763902300000,
  SavingsCommitteeAmendmentsWriteOffsExits1763902500000,
  GovernanceDemandsRounds1763902600000,
  JobsJurisdictionReports1763902700000,
  AccessInOneStatement1763902800000,
  H5SealedBallots1763903050000,
  H6IdempotencyRetention1763903060000,
  H5CooperativeLegalFormChanges1763903070000,
  H8CardCredentials1763903080000,
  H8PersonalDataCopies1763903090000,
  H4AccountsLifecycle1763903400000,
  H7FundSpendingApproval1763903700000,
  H1PurchaseInOneCall1764000100000,
  H3GateScanInOneCall1764000300000,
  H9GateScanFactsFunction1764000310000,
  H4SavingsCachedBalances1764000400000,
  H6ReportRollups1764000600000,
  H7MinerRegistrySpeed1764000700000,
  H1SharedSecretFingerprints1764001000000,
  H4ShardingKeys1764001300000,
  H5SiteAssessments1764001400000,
  H6KimberleyProcess1764001500000,
  H7ObserversPartners1764001600000,
  H8CommunityReportsSiteAuthorisations1764001700000,
  H9ElectionRegisterRead1764001800000,
  H10SavingsCarriedDebts1764001900000,
  IncidentReportOrganisations1764002000000,
];
