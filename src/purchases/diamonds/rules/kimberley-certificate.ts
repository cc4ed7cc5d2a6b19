/**
 * A Kimberley Process certificate as an export parcel carries it, checked before it is
 * recorded. What the KP Certification Scheme's minimum requirements ask of a certificate
 * (Section II, Annex I): a unique number with the exporting country's ISO code, the issuing
 * authority, the country of origin, carats, value in USD, number of parcels, dates of issue
 * and expiry. Our choices: the exporting country is the cooperative's (its parcels leave
 * from there) and so is the origin (its stones were bought at its own sites); the number of
 * parcels must be the parcels listed. The carats declared are recorded as printed: a
 * difference with ours is the reconciliation's to judge, never a reason to refuse the paper.
 */
import { compareIsoDates, type IsoDate } from '../../../common/calendar-date.js';
import { DomainError } from '../../../common/domain-error.js';
import { caratsToMg } from './carats.js';

const NUMBER = /^[A-Z]{2}[A-Z0-9/ -]{1,38}$/;
const COUNTRY = /^[A-Z]{2}$/;

export interface CertificateRequest {
  readonly certificateNumber: string;
  readonly issuingAuthority: string;
  readonly countryOfOrigin: string;
  readonly carats: string;
  readonly valueUsdMinor: number;
  readonly parcelCount: number;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate;
  readonly parcelIds: readonly string[];
  readonly exporter?: string;
  readonly importer?: string;
}

export interface CheckedCertificate {
  readonly certificateNumber: string;
  readonly issuingAuthority: string;
  readonly countryOfOrigin: string;
  readonly caratsMg: number;
  readonly valueUsdMinor: number;
  readonly parcelCount: number;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate;
  readonly parcelIds: readonly string[];
  readonly exporter: string | null;
  readonly importer: string | null;
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim().normalize('NFC') ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The certificate as recorded (number upper-cased, texts trimmed, carats in mg), or the first reason it is refused. */
export function checkCertificate(request: CertificateRequest, context: { readonly today: IsoDate; readonly country: string }): CheckedCertificate {
  const certificateNumber = request.certificateNumber.trim().toUpperCase();
  if (!NUMBER.test(certificateNumber)) throw new DomainError('CERTIFICATE_NUMBER_INVALID', { certificateNumber: request.certificateNumber });
  if (!certificateNumber.startsWith(context.country)) {
    throw new DomainError('CERTIFICATE_NUMBER_COUNTRY', { certificateNumber, country: context.country });
  }
  const countryOfOrigin = request.countryOfOrigin.trim().toUpperCase();
  if (!COUNTRY.test(countryOfOrigin)) throw new DomainError('CERTIFICATE_ORIGIN_INVALID', { countryOfOrigin: request.countryOfOrigin });
  if (countryOfOrigin !== context.country) throw new DomainError('CERTIFICATE_ORIGIN_MISMATCH', { countryOfOrigin, country: context.country });
  const issuingAuthority = text(request.issuingAuthority);
  if (issuingAuthority === null) throw new DomainError('CERTIFICATE_AUTHORITY_REQUIRED', {});
  if (compareIsoDates(request.issuedOn, context.today) > 0) throw new DomainError('CERTIFICATE_ISSUED_IN_FUTURE', { issuedOn: request.issuedOn, today: context.today });
  if (compareIsoDates(request.expiresOn, request.issuedOn) <= 0) {
    throw new DomainError('CERTIFICATE_EXPIRY_NOT_AFTER_ISSUE', { issuedOn: request.issuedOn, expiresOn: request.expiresOn });
  }
  if (request.parcelIds.length === 0) throw new DomainError('CERTIFICATE_PARCELS_EMPTY', {});
  if (new Set(request.parcelIds).size !== request.parcelIds.length) throw new DomainError('CERTIFICATE_PARCEL_DUPLICATED', {});
  if (request.parcelCount !== request.parcelIds.length) {
    throw new DomainError('CERTIFICATE_PARCEL_COUNT_MISMATCH', { parcelCount: request.parcelCount, listed: request.parcelIds.length });
  }
  if (!Number.isSafeInteger(request.valueUsdMinor) || request.valueUsdMinor < 0) throw new DomainError('CERTIFICATE_VALUE_INVALID', { valueUsdMinor: request.valueUsdMinor });
  return {
    certificateNumber, issuingAuthority, countryOfOrigin, caratsMg: caratsToMg(request.carats), valueUsdMinor: request.valueUsdMinor,
    parcelCount: request.parcelCount, issuedOn: request.issuedOn, expiresOn: request.expiresOn, parcelIds: [...request.parcelIds],
    exporter: text(request.exporter), importer: text(request.importer),
  };
}

/** A parcel named on a certificate, as the records know it. */
export interface CertifiableParcel {
  readonly parcelId: string;
  readonly parcelNumber: string;
  readonly caratsMg: number;
  readonly saleId: string | null;
  readonly certificateId: string | null;
}

/** Every listed parcel exists, is sold and not yet certified; answers them in the order listed. */
export function assertParcelsCertifiable<P extends CertifiableParcel>(parcelIds: readonly string[], found: readonly P[]): P[] {
  return parcelIds.map((parcelId) => {
    const parcel = found.find((candidate) => candidate.parcelId === parcelId);
    if (parcel === undefined) throw new DomainError('PARCEL_NOT_FOUND', { parcelId });
    if (parcel.saleId === null) throw new DomainError('PARCEL_NOT_SOLD', { parcelNumber: parcel.parcelNumber }, 'conflict');
    if (parcel.certificateId !== null) {
      throw new DomainError('PARCEL_ALREADY_CERTIFIED', { parcelId, certificateId: parcel.certificateId }, 'conflict');
    }
    return parcel;
  });
}

export type CertificateStatus = 'valid' | 'expired';

/** In force from issue to expiry, both days included; expired after. */
export function certificateStatusOn(certificate: { readonly expiresOn: IsoDate }, day: IsoDate): CertificateStatus {
  return compareIsoDates(day, certificate.expiresOn) > 0 ? 'expired' : 'valid';
}
