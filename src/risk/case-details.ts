import type { CasePartner, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import type { ChildLabourCaseView as CaseDetails } from './rules/child-labour-case.js';

/** Every field of the cases, with their visits and the name of the partner each was referred to. */
export function caseDetailsOf(cases: readonly ChildLabourCase[], visits: readonly ChildLabourCaseVisit[], partners: readonly CasePartner[]): CaseDetails[] {
  const partnerNames = new Map(partners.map((partner) => [partner.id, partner.name]));
  return cases.map((record) => ({
    id: record.id,
    siteId: record.siteId,
    sourceFlagId: record.flagId,
    state: record.state,
    outcome: record.outcome,
    identifiedOn: record.identifiedOn,
    closedOn: record.closedOn,
    caseOfficerUserIds: record.caseOfficerUserIds,
    child: {
      fullName: record.childName,
      sex: record.childSex,
      birthDate: record.childBirthDate,
      ageYearsAtIdentification: record.childAgeYears,
      school: record.childSchool,
      village: record.childVillage,
    },
    guardian: record.guardian,
    referral: record.partnerId && record.referredOn ? { organisation: partnerNames.get(record.partnerId) ?? '', referredOn: record.referredOn } : null,
    planItems: record.planItems,
    visits: visits
      .filter((visit) => visit.caseId === record.id)
      .map((visit) => ({
        id: visit.id,
        visitedOn: visit.visitedOn,
        visitedByUserId: visit.visitedByUserId,
        notes: visit.notes,
        childAttendingSchool: visit.childAttendingSchool,
      })),
  }));
}
