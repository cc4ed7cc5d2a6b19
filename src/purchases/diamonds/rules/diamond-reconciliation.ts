/**
 * The production-versus-export check of the Kimberley Process for one month: per site, the
 * carats purchased (the cooperative's production record) against the carats sold and the
 * carats certified for export; per certificate, the carats it declares against the carats
 * our purchases put into its parcels.
 *
 * - Purchased: purchases captured in the month (cooperative time zone), less the reversals
 *   recorded in it, as the regulator's report counts them.
 * - Sold: the diamond lots of sales dated in the month; certified: the lots of the parcels of
 *   certificates issued in the month. Both are attributed to the site each lot was bought at.
 * - A month's purchases may be sold in a later month, so the per-site gaps are shown, not
 *   judged; what is judged is the certificate: declared carats beyond the tolerance (basis
 *   points of ours; equal is within) are a discrepancy, and raise the risk flag when the
 *   certificate is recorded (risk/rules/auto-rules.ts, kimberleyCertificateDiscrepancy).
 */
import { type CaratVerdict, caratVerdict, differenceBp, mgToCarats, sumMg } from './carats.js';

export const DEFAULT_CARAT_TOLERANCE_BP = 50;

export interface SiteCaratFigures {
  readonly siteId: string;
  readonly purchasedMg: number;
  readonly purchasedStones: number;
  readonly soldMg: number;
  readonly certifiedMg: number;
}

export interface CertificateCaratFigures {
  readonly certificateId: string;
  readonly certificateNumber: string;
  readonly issuedOn: string;
  readonly declaredMg: number;
  readonly oursMg: number;
  readonly riskFlagId: string | null;
}

export interface SiteReconciliation {
  readonly siteId: string;
  readonly purchasedCarats: string;
  readonly purchasedStones: number;
  readonly soldCarats: string;
  readonly certifiedCarats: string;
  /** Purchased − sold in the month. */
  readonly purchasedNotSoldCarats: string;
  /** Sold − certified in the month. */
  readonly soldNotCertifiedCarats: string;
}

export interface CertificateReconciliation {
  readonly certificateId: string;
  readonly certificateNumber: string;
  readonly issuedOn: string;
  readonly declaredCarats: string;
  readonly ourCarats: string;
  /** Declared − ours. */
  readonly differenceCarats: string;
  readonly differenceBp: number | null;
  readonly verdict: CaratVerdict;
  readonly riskFlagId: string | null;
}

export interface DiamondReconciliation {
  readonly toleranceBp: number;
  readonly sites: readonly SiteReconciliation[];
  readonly totals: Omit<SiteReconciliation, 'siteId'> & { readonly declaredCarats: string };
  readonly certificates: readonly CertificateReconciliation[];
  readonly discrepancies: number;
}

/** One certificate's declared carats against ours, under the tolerance. */
export function reconcileCertificate(figures: CertificateCaratFigures, toleranceBp: number): CertificateReconciliation {
  return {
    certificateId: figures.certificateId,
    certificateNumber: figures.certificateNumber,
    issuedOn: figures.issuedOn,
    declaredCarats: mgToCarats(figures.declaredMg),
    ourCarats: mgToCarats(figures.oursMg),
    differenceCarats: mgToCarats(figures.declaredMg - figures.oursMg),
    differenceBp: differenceBp(figures.oursMg, figures.declaredMg),
    verdict: caratVerdict(figures.oursMg, figures.declaredMg, toleranceBp),
    riskFlagId: figures.riskFlagId,
  };
}

function siteLine(figures: Omit<SiteCaratFigures, 'siteId'>): Omit<SiteReconciliation, 'siteId'> {
  return {
    purchasedCarats: mgToCarats(figures.purchasedMg),
    purchasedStones: figures.purchasedStones,
    soldCarats: mgToCarats(figures.soldMg),
    certifiedCarats: mgToCarats(figures.certifiedMg),
    purchasedNotSoldCarats: mgToCarats(sumMg([figures.purchasedMg, -figures.soldMg])),
    soldNotCertifiedCarats: mgToCarats(sumMg([figures.soldMg, -figures.certifiedMg])),
  };
}

/** The month's reconciliation: sites in the order given, certificates by issue day then number. */
export function reconcileDiamondMonth(
  sites: readonly SiteCaratFigures[], certificates: readonly CertificateCaratFigures[], toleranceBp: number,
): DiamondReconciliation {
  const judged = [...certificates]
    .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.certificateNumber.localeCompare(b.certificateNumber))
    .map((certificate) => reconcileCertificate(certificate, toleranceBp));
  const total = (pick: (site: SiteCaratFigures) => number): number => sumMg(sites.map(pick));
  return {
    toleranceBp,
    sites: sites.map((site) => ({ siteId: site.siteId, ...siteLine(site) })),
    totals: {
      ...siteLine({
        purchasedMg: total((site) => site.purchasedMg), purchasedStones: sites.reduce((sum, site) => sum + site.purchasedStones, 0),
        soldMg: total((site) => site.soldMg), certifiedMg: total((site) => site.certifiedMg),
      }),
      declaredCarats: mgToCarats(sumMg(certificates.map((certificate) => certificate.declaredMg))),
    },
    certificates: judged,
    discrepancies: judged.filter((certificate) => certificate.verdict !== 'within').length,
  };
}
