import { ApiProperty } from '@nestjs/swagger';
import type { CaratVerdict } from '../rules/carats.js';
import type { CertificateStatus } from '../rules/kimberley-certificate.js';

const CARATS = 'Carats as an exact decimal (1 ct = 200 mg).';
export const PARCEL_STATUSES = ['open', 'sold', 'certified'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];
const VERDICTS: readonly CaratVerdict[] = ['within', 'beyond', 'beyond_twice'];

export class ParcelView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() parcelNumber!: string;
  @ApiProperty({ example: 'ROUGH_DIAMOND_NON_INDUSTRIAL' }) mineral!: string;
  @ApiProperty({ example: '7102.31' }) hsCode!: string;
  @ApiProperty({ enum: PARCEL_STATUSES, description: 'open (takes purchases), sold, or sold and certified.' }) status!: ParcelStatus;
  @ApiProperty({ type: Number, description: 'Purchases in the parcel, reversed ones excluded.' }) lots!: number;
  @ApiProperty({ type: Number }) stones!: number;
  @ApiProperty({ example: '12.35', description: CARATS }) carats!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) saleId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) certificateId!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ParcelLotView {
  @ApiProperty({ format: 'uuid' }) purchaseId!: string;
  @ApiProperty() lotNumber!: string;
  @ApiProperty() tagId!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ description: CARATS }) carats!: string;
  @ApiProperty({ type: Number }) stones!: number;
  @ApiProperty() qualityClass!: string;
  @ApiProperty({ type: Boolean, description: 'Reversed purchases stay listed but count for nothing.' }) reversed!: boolean;
}

export class ParcelDetailView extends ParcelView {
  @ApiProperty({ type: () => [ParcelLotView] }) purchases!: ParcelLotView[];
}

export class CertificateScanView {
  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'application/pdf'] }) contentType!: string;
  @ApiProperty({ type: Number }) byteSize!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: String, nullable: true }) originalName!: string | null;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

export class KimberleyCertificateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CD 012345' }) certificateNumber!: string;
  @ApiProperty() issuingAuthority!: string;
  @ApiProperty({ example: 'CD' }) countryOfOrigin!: string;
  @ApiProperty({ description: `Declared on the certificate. ${CARATS}` }) carats!: string;
  @ApiProperty({ type: Number, description: 'US cents.' }) valueUsdMinor!: number;
  @ApiProperty({ type: Number }) parcelCount!: number;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) expiresOn!: string;
  @ApiProperty({ enum: ['valid', 'expired'], description: 'On today’s date in the cooperative’s time zone.' }) status!: CertificateStatus;
  @ApiProperty({ type: String, nullable: true }) exporter!: string | null;
  @ApiProperty({ type: String, nullable: true }) importer!: string | null;
  @ApiProperty({ type: [String] }) parcelIds!: string[];
  @ApiProperty({ description: `What our purchases put into the parcels, when recorded. ${CARATS}` }) ourCarats!: string;
  @ApiProperty({ description: `Declared − ours. ${CARATS}` }) differenceCarats!: string;
  @ApiProperty({ type: Number, description: 'The tolerance in force when recorded, basis points of ours.' }) caratToleranceBp!: number;
  @ApiProperty({ type: Boolean }) exceeds!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The flag the difference raised.' }) riskFlagId!: string | null;
  @ApiProperty({ type: () => CertificateScanView, nullable: true }) scan!: CertificateScanView | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class SiteCaratsView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ type: String, nullable: true }) siteName!: string | null;
  @ApiProperty({ description: CARATS }) purchasedCarats!: string;
  @ApiProperty({ type: Number }) purchasedStones!: number;
  @ApiProperty({ description: CARATS }) soldCarats!: string;
  @ApiProperty({ description: CARATS }) certifiedCarats!: string;
  @ApiProperty({ description: `Purchased − sold. ${CARATS}` }) purchasedNotSoldCarats!: string;
  @ApiProperty({ description: `Sold − certified. ${CARATS}` }) soldNotCertifiedCarats!: string;
}

export class CaratTotalsView {
  @ApiProperty() purchasedCarats!: string;
  @ApiProperty({ type: Number }) purchasedStones!: number;
  @ApiProperty() soldCarats!: string;
  @ApiProperty() certifiedCarats!: string;
  @ApiProperty() purchasedNotSoldCarats!: string;
  @ApiProperty() soldNotCertifiedCarats!: string;
  @ApiProperty({ description: 'Declared on the month’s certificates.' }) declaredCarats!: string;
}

export class CertificateCaratsView {
  @ApiProperty({ format: 'uuid' }) certificateId!: string;
  @ApiProperty() certificateNumber!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty() declaredCarats!: string;
  @ApiProperty() ourCarats!: string;
  @ApiProperty() differenceCarats!: string;
  @ApiProperty({ type: Number, nullable: true }) differenceBp!: number | null;
  @ApiProperty({ enum: VERDICTS }) verdict!: CaratVerdict;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) riskFlagId!: string | null;
}

export class DiamondReconciliationView {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: Number, description: 'The tolerance in force now, basis points.' }) toleranceBp!: number;
  @ApiProperty({ type: () => [SiteCaratsView] }) sites!: SiteCaratsView[];
  @ApiProperty({ type: () => CaratTotalsView }) totals!: CaratTotalsView;
  @ApiProperty({ type: () => [CertificateCaratsView] }) certificates!: CertificateCaratsView[];
  @ApiProperty({ type: Number, description: 'Certificates beyond the tolerance.' }) discrepancies!: number;
}

export class DiamondSettingsView {
  @ApiProperty({ type: Number }) caratToleranceBp!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: the default.' }) updatedAt!: string | null;
}
