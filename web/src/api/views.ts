/**
 * Shapes of the API's answers that the console reads. The OpenAPI document describes the
 * requests (from the validating DTOs) but not yet the responses, so these mirror the
 * server's view types named beside each one; only the fields the console uses are listed.
 */

/** src/auth/me.service.ts Me */
export interface Me {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly operator: boolean;
  readonly cooperatives: { cooperativeId: string; name: string; roles: ('admin' | 'officer' | 'treasurer' | 'auditor')[] }[];
  readonly jurisdictions: { country: string; province: string }[];
}

/** src/auth/tokens.service.ts TokenPair */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** src/miners/miners.service.ts MinerSummary */
export interface MinerSummary {
  readonly id: string;
  readonly memberNumber: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly sex: 'F' | 'M';
  readonly dateOfBirth: string | null;
  readonly status: string;
  readonly phone: string | null;
  readonly hasPhoto: boolean;
  readonly cardNumber: string | null;
  readonly cardExpiresOn: string | null;
  readonly cardStatus: string;
}

/** src/miners/miners.service.ts MinerDetail */
export interface MinerDetail extends MinerSummary {
  readonly placeOfBirth: string | null;
  readonly nationality: string;
  readonly idDocumentType: string;
  readonly idDocumentNumber: string;
  readonly address: string | null;
  readonly membershipDate: string;
}

/** src/sites/sites.service.ts SiteView */
export interface Site {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly status?: string;
  readonly zones?: Zone[];
}

export interface Zone {
  readonly id: string;
  readonly name: string;
  readonly hazardous: boolean;
  readonly ppeRequired: string[];
  readonly capacity: number | null;
}

/** src/sites/gate-answer.ts TranslatedGateAnswer */
export interface GateAnswer {
  readonly id: string;
  readonly allowed: boolean;
  readonly direction: 'in' | 'out';
  readonly memberNumber: string | null;
  readonly reasons: { code: string; message: string }[];
  readonly warnings: { code: string; message: string }[];
  readonly duplicate: boolean;
}

/** src/sites/sites.service.ts Presence */
export interface Presence {
  readonly siteName: string;
  readonly headcount: number;
  readonly zones: { zoneId: string; name: string; capacity: number | null; count: number; people: PresentPerson[] }[];
}

export interface PresentPerson {
  readonly minerId: string;
  readonly memberNumber: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly enteredAt: string;
}

/** src/purchases/purchases.service.ts PurchaseView */
export interface Purchase {
  readonly id: string;
  readonly sequence: number;
  readonly lotNumber: string;
  readonly sellerId: string;
  readonly mineral: string;
  readonly netMg: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly kind: string;
  readonly hash: string;
}

/** src/savings/savings.service.ts group(), cycleView, memberView */
export interface SavingsGroup {
  readonly id: string;
  readonly name: string;
  readonly meetingPlace: string | null;
  readonly members?: SavingsMember[];
  readonly cycles?: Cycle[];
}

export interface SavingsMember {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
}

export interface CycleRules {
  readonly currency: string;
  readonly sharePriceMinor: number;
  readonly minSharesPerMeeting: number;
  readonly maxSharesPerMeeting: number;
  readonly socialFundContributionMinor: number;
  readonly maxLoanTermMonths: number;
  readonly fineTypes: { code: string; amountMinor: number }[];
}

export interface Cycle {
  readonly id: string;
  readonly startsOn: string;
  readonly plannedEndOn: string;
  readonly status: string;
  readonly rules: CycleRules;
}

/** src/savings/savings.service.ts MovementView */
export interface Movement {
  readonly id: string;
  readonly memberId: string | null;
  readonly loanId: string | null;
  readonly kind: string;
  readonly fund: string;
  readonly amountMinor: number;
  readonly shares: number;
  readonly fineCode: string | null;
  readonly reversesMovementId: string | null;
  readonly reason: string | null;
}

/** src/savings/savings.service.ts MeetingView */
export interface Meeting {
  readonly id: string;
  readonly heldOn: string;
  readonly status: string;
  readonly attendance: { memberId: string; status: string }[];
  readonly movements: Movement[];
  readonly cashCounts: { fund: string; expectedMinor: number; countedMinor: number; differenceMinor: number; outcome: string }[];
  readonly balances: { loanFundMinor: number; socialFundMinor: number };
}

/** src/savings/savings.service.ts LoanView */
export interface Loan {
  readonly id: string;
  readonly memberId: string;
  readonly principalMinor: number;
  readonly state: string;
  readonly balance: { outstandingMinor?: number; totalDueMinor?: number } & Record<string, unknown>;
}

/** src/savings/savings.service.ts ShareOutView (CycleShareOutPreview) */
export interface ShareOut {
  readonly status: 'preview' | 'confirmed';
  readonly on: string;
  readonly valuePerShare: { displayMinor: number };
  readonly lines: { memberId: string; shares: number; netPayoutMinor: number; cashToMemberMinor: number }[];
  readonly remainderMinor: number;
  readonly totals: { shares: number; cashPaidMinor: number; cashKeptForNextCycleMinor: number };
}

/** src/reports/supervision.service.ts SupervisedCooperative */
export interface SupervisedCooperative {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  readonly openCriticalFlags: number;
  readonly overdueFlags: number;
  readonly cardsExpiringIn30Days: number;
  readonly lastReportAt: string | null;
  readonly lastLedgerVerified: boolean | null;
}

/** src/reports/reports.service.ts ReportMeta */
export interface ReportMeta {
  readonly id: string;
  readonly periodKey: string;
  readonly version: number;
  readonly verificationCode: string;
  readonly generatedAt: string;
}

export interface UserView {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly roles?: string[];
  readonly role?: string;
}
