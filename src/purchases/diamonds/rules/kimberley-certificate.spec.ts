import { type DomainError } from '../../../common/domain-error.js';
import { assertParcelsCertifiable, type CertifiableParcel, certificateStatusOn, checkCertificate, type CertificateRequest } from './kimberley-certificate.js';

const P1 = '6f1c2a4e-0000-4000-8000-0000000000e1';
const P2 = '6f1c2a4e-0000-4000-8000-0000000000e2';
const context = { today: '2026-11-20', country: 'CD' };
const request: CertificateRequest = {
  certificateNumber: ' cd 0012345 ', issuingAuthority: ' CEEC Kinshasa ', countryOfOrigin: 'cd', carats: '17.85', valueUsdMinor: 25_000_000,
  parcelCount: 2, issuedOn: '2026-11-20', expiresOn: '2027-01-19', parcelIds: [P1, P2],
};
const code = (c: string) => expect.objectContaining({ code: c }) as DomainError;

describe('a Kimberley Process certificate', () => {
  it('is recorded with its number upper-cased, its texts trimmed and its carats in milligrams', () => {
    expect(checkCertificate(request, context)).toEqual({
      certificateNumber: 'CD 0012345', issuingAuthority: 'CEEC Kinshasa', countryOfOrigin: 'CD', caratsMg: 3570, valueUsdMinor: 25_000_000,
      parcelCount: 2, issuedOn: '2026-11-20', expiresOn: '2027-01-19', parcelIds: [P1, P2], exporter: null, importer: null,
    });
  });

  it('keeps the exporter and importer when given, and drops blank ones', () => {
    expect(checkCertificate({ ...request, exporter: ' Comptoir ', importer: '  ' }, context)).toMatchObject({ exporter: 'Comptoir', importer: null });
  });

  it.each([
    ['a number without a country code', { certificateNumber: '12345' }, 'CERTIFICATE_NUMBER_INVALID'],
    ['a number with a forbidden character', { certificateNumber: 'CD_12345' }, 'CERTIFICATE_NUMBER_INVALID'],
    ['another exporting country', { certificateNumber: 'BE 12345' }, 'CERTIFICATE_NUMBER_COUNTRY'],
    ['an origin that is not a code', { countryOfOrigin: 'RDC' }, 'CERTIFICATE_ORIGIN_INVALID'],
    ['an origin that is not the sites\' country', { countryOfOrigin: 'CF' }, 'CERTIFICATE_ORIGIN_MISMATCH'],
    ['a blank authority', { issuingAuthority: '  ' }, 'CERTIFICATE_AUTHORITY_REQUIRED'],
    ['an issue after today', { issuedOn: '2026-11-21', expiresOn: '2027-01-19' }, 'CERTIFICATE_ISSUED_IN_FUTURE'],
    ['an expiry on the issue day', { expiresOn: '2026-11-20' }, 'CERTIFICATE_EXPIRY_NOT_AFTER_ISSUE'],
    ['an expiry before issue', { expiresOn: '2026-11-19' }, 'CERTIFICATE_EXPIRY_NOT_AFTER_ISSUE'],
    ['no parcel', { parcelIds: [], parcelCount: 0 }, 'CERTIFICATE_PARCELS_EMPTY'],
    ['a parcel listed twice', { parcelIds: [P1, P1] }, 'CERTIFICATE_PARCEL_DUPLICATED'],
    ['a parcel count that is not the list', { parcelCount: 3 }, 'CERTIFICATE_PARCEL_COUNT_MISMATCH'],
    ['a negative value', { valueUsdMinor: -1 }, 'CERTIFICATE_VALUE_INVALID'],
    ['carats finer than 0.005 ct', { carats: '17.851' }, 'MASS_TOO_PRECISE'],
    ['zero carats', { carats: '0' }, 'MASS_NOT_POSITIVE'],
  ])('is refused with %s', (_name, patch, expected) => {
    expect(() => checkCertificate({ ...request, ...patch }, context)).toThrow(code(expected));
  });

  it('is valid through its expiry day and expired after', () => {
    expect(certificateStatusOn({ expiresOn: '2027-01-19' }, '2027-01-19')).toBe('valid');
    expect(certificateStatusOn({ expiresOn: '2027-01-19' }, '2026-11-20')).toBe('valid');
    expect(certificateStatusOn({ expiresOn: '2027-01-19' }, '2027-01-20')).toBe('expired');
  });

  describe('its parcels', () => {
    const sold: CertifiableParcel = { parcelId: P1, parcelNumber: 'TSH-1', caratsMg: 2470, saleId: 's1', certificateId: null };
    it('are the sold, uncertified parcels in the order listed', () => {
      const other = { ...sold, parcelId: P2, parcelNumber: 'TSH-2' };
      expect(assertParcelsCertifiable([P2, P1], [sold, other])).toEqual([other, sold]);
    });
    it.each<[string, CertifiableParcel[], string]>([
      ['an unknown parcel', [], 'PARCEL_NOT_FOUND'],
      ['an unsold parcel', [{ ...sold, saleId: null }], 'PARCEL_NOT_SOLD'],
      ['a parcel already certified', [{ ...sold, certificateId: 'k1' }], 'PARCEL_ALREADY_CERTIFIED'],
    ])('refuse %s', (_name, found, expected) => {
      expect(() => assertParcelsCertifiable([P1], found)).toThrow(code(expected));
    });
  });
});
