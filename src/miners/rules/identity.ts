import { DomainError } from '../../common/domain-error.js';
import type { IdDocumentType, Sex } from '../miner.entity.js';
import { normaliseIdDocumentNumber } from './registry-keys.js';
import type { Birth } from './age.js';
import { birthColumns } from './birth.js';

/** The fields of a person's record an officer may correct after registration. */
export const IDENTITY_FIELDS = [
  'firstName', 'middleName', 'lastName', 'sex', 'dateOfBirth', 'birthYear', 'birthDateEstimated', 'placeOfBirth', 'nationality',
  'idDocumentType', 'idDocumentNumber', 'phone', 'address', 'homeSiteId', 'nextOfKinName', 'nextOfKinPhone',
] as const;

export interface MinerIdentity {
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly sex: Sex;
  readonly dateOfBirth: string | null;
  readonly birthYear: number | null;
  readonly birthDateEstimated: boolean;
  readonly placeOfBirth: string | null;
  readonly nationality: string;
  readonly idDocumentType: IdDocumentType;
  readonly idDocumentNumber: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly homeSiteId: string | null;
  readonly nextOfKinName: string | null;
  readonly nextOfKinPhone: string | null;
}

/** A correction as sent: an absent field stays, null clears an optional one. */
export type IdentityPatch = { readonly [K in keyof MinerIdentity]?: MinerIdentity[K] | null };

const REQUIRED_IDENTITY_FIELDS = ['firstName', 'lastName', 'sex', 'idDocumentType', 'idDocumentNumber', 'nationality'] as const;

/** The identity fields of a record, nothing else (the audit compares these). */
export function identityOf(record: MinerIdentity): MinerIdentity {
  return Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, record[field]])) as unknown as MinerIdentity;
}

/** A correction may not clear a field every record must have. */
export function assertRequiredFieldsKept(patch: IdentityPatch): void {
  for (const field of REQUIRED_IDENTITY_FIELDS) {
    if (Object.hasOwn(patch, field) && patch[field] === null) throw new DomainError('FIELD_REQUIRED', { field });
  }
}

/** The record after the correction, with `birth` as the birth it now holds. */
export function patchedIdentity(current: MinerIdentity, patch: IdentityPatch, birth: Birth): MinerIdentity {
  const pick = <K extends keyof MinerIdentity>(key: K): MinerIdentity[K] => (patch[key] === undefined ? current[key] : patch[key]);
  return {
    firstName: patch.firstName ?? current.firstName,
    middleName: pick('middleName'),
    lastName: patch.lastName ?? current.lastName,
    sex: patch.sex ?? current.sex,
    ...birthColumns(birth),
    placeOfBirth: pick('placeOfBirth'),
    nationality: (patch.nationality ?? current.nationality).toUpperCase(),
    idDocumentType: patch.idDocumentType ?? current.idDocumentType,
    idDocumentNumber: patch.idDocumentNumber ? normaliseIdDocumentNumber(patch.idDocumentNumber) : current.idDocumentNumber,
    phone: pick('phone'),
    address: pick('address'),
    homeSiteId: pick('homeSiteId'),
    nextOfKinName: pick('nextOfKinName'),
    nextOfKinPhone: pick('nextOfKinPhone'),
  };
}

/** What a registration says of the person; absent optional fields are unknown. */
export interface IdentityInput {
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName: string;
  readonly sex: Sex;
  readonly placeOfBirth?: string;
  readonly nationality?: string;
  readonly idDocumentType: IdDocumentType;
  readonly idDocumentNumber: string;
  readonly phone?: string;
  readonly address?: string;
  readonly homeSiteId?: string;
  readonly nextOfKinName?: string;
  readonly nextOfKinPhone?: string;
}

/** The identity a registration records: names trimmed, the ID number normalised, Congolese unless told otherwise. */
export function registeredIdentity(input: IdentityInput, birth: Birth): MinerIdentity {
  return {
    firstName: input.firstName.trim(),
    middleName: input.middleName?.trim() ?? null,
    lastName: input.lastName.trim(),
    sex: input.sex,
    ...birthColumns(birth),
    placeOfBirth: input.placeOfBirth ?? null,
    nationality: (input.nationality ?? 'CD').toUpperCase(),
    idDocumentType: input.idDocumentType,
    idDocumentNumber: normaliseIdDocumentNumber(input.idDocumentNumber),
    phone: input.phone ?? null,
    address: input.address ?? null,
    homeSiteId: input.homeSiteId ?? null,
    nextOfKinName: input.nextOfKinName ?? null,
    nextOfKinPhone: input.nextOfKinPhone ?? null,
  };
}
