import { ApiProperty } from '@nestjs/swagger';
import { MASS_UNITS } from '../../rules/units.js';
import { PRICE_BASES } from '../../dto/purchase.dto.js';
import { BUYER_TYPES } from './sale.dto.js';

const MINOR = 'Integer of minor units of the currency.';

/** Someone the cooperative sells lots to (a comptoir, a processor…), by its licence. */
export class BuyerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() licenceNumber!: string;
  @ApiProperty({ enum: BUYER_TYPES }) type!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReconciliationToleranceView {
  @ApiProperty({ type: Number, description: 'Largest accepted mass difference, basis points of our mass.' }) massBp!: number;
  @ApiProperty({ type: Number, description: 'Largest accepted grade difference, absolute basis points.' }) gradeBp!: number;
}

export class OurMeasurementView {
  @ApiProperty({ type: Number, description: 'Milligrams.' }) netMg!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Basis points.' }) gradeBp!: number | null;
}

/** What the buyer weighed and assayed, compared with our totals under the tolerance then in force. */
export class BuyerMeasurementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) saleId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The measurement this one corrects.' }) correctsId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date' }) measuredOn!: string;
  @ApiProperty({ type: Number, description: 'Milligrams.' }) netMg!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Basis points.' }) gradeBp!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Basis points.' }) moistureBp!: number | null;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: () => OurMeasurementView }) ours!: OurMeasurementView;
  @ApiProperty({ type: Number, description: 'Buyer minus ours, milligrams.' }) massDiffMg!: number;
  @ApiProperty({ type: Number, description: 'Basis points of our mass.' }) massDiffBp!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Absolute basis points.' }) gradeDiffBp!: number | null;
  @ApiProperty({ type: () => ReconciliationToleranceView }) tolerance!: ReconciliationToleranceView;
  @ApiProperty({ type: Boolean }) exceeds!: boolean;
  @ApiProperty({ type: [String], enum: ['MASS_DIFFERENCE_ABOVE_TOLERANCE', 'GRADE_DIFFERENCE_ABOVE_TOLERANCE'] }) reasons!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The discrepancy flag raised, if any.' }) riskFlagId!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class SaleBuyerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() licenceNumber!: string;
  @ApiProperty({ enum: BUYER_TYPES }) type!: string;
}

export class SaleExchangeRateView {
  @ApiProperty({ example: 'USD' }) base!: string;
  @ApiProperty({ description: 'Shortest decimal.' }) rate!: string;
}

/** A sale of purchase lots to a buyer, with the buyer's measurement in force. */
export class SaleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: () => SaleBuyerView }) buyer!: SaleBuyerView;
  @ApiProperty({ format: 'date' }) soldOn!: string;
  @ApiProperty() mineral!: string;
  @ApiProperty({ type: Number }) lotCount!: number;
  @ApiProperty({ type: Number, description: 'Milligrams, the lots’ total.' }) netMg!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mass-weighted grade of the lots, basis points.' }) gradeBp!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `The buyer’s unit price. ${MINOR}` }) unitPriceMinor!: number | null;
  @ApiProperty({ type: String, enum: MASS_UNITS, nullable: true }) priceUnit!: string | null;
  @ApiProperty({ type: String, enum: PRICE_BASES, nullable: true }) priceBasis!: string | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
  @ApiProperty({ type: () => SaleExchangeRateView, nullable: true }) exchangeRate!: SaleExchangeRateView | null;
  @ApiProperty() reportingCurrency!: string;
  @ApiProperty({ type: Number, description: `In the reporting currency. ${MINOR}` }) amountReportingMinor!: number;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: () => BuyerMeasurementView, nullable: true, description: 'The latest correction; null before delivery.' })
  buyerMeasurement!: BuyerMeasurementView | null;
}

export class SaleLotView {
  @ApiProperty({ format: 'uuid' }) purchaseId!: string;
  @ApiProperty({ type: String, nullable: true }) lotNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) tagId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ type: Number, description: 'Milligrams.' }) netMg!: number;
  @ApiProperty({ type: Number, nullable: true }) gradeBp!: number | null;
  @ApiProperty({ type: Number, nullable: true }) moistureBp!: number | null;
}

/** A sale with its lots and every measurement, oldest first (corrections never replace history). */
export class SaleDetailView extends SaleView {
  @ApiProperty({ type: () => [SaleLotView] }) lots!: SaleLotView[];
  @ApiProperty({ type: () => [BuyerMeasurementView] }) measurements!: BuyerMeasurementView[];
  @ApiProperty({ type: [String], description: 'The diamond parcels sold, when the sale is of parcels.' }) parcelIds!: string[];
}

export class ReconciliationSettingsView extends ReconciliationToleranceView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while the cooperative keeps the defaults.' }) updatedAt!: string | null;
}

export class StockValueView {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: `Purchase cost. ${MINOR}` }) purchasedMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) soldMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) onHandMinor!: number;
}

export class StockLineView {
  @ApiProperty() mineral!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ type: Number, description: 'Milligrams.' }) purchasedMg!: number;
  @ApiProperty({ type: Number, description: 'Milligrams.' }) soldMg!: number;
  @ApiProperty({ type: Number, description: 'Milligrams, never negative.' }) onHandMg!: number;
  @ApiProperty({ type: () => [StockValueView], description: 'Sorted by currency.' }) values!: StockValueView[];
}

/** Stock on hand per mineral and site at the end of a day. */
export class StockView {
  @ApiProperty({ format: 'date', description: 'The day whose end the stock is taken at, in the cooperative’s time zone.' }) on!: string;
  @ApiProperty({ type: () => [StockLineView], description: 'Sorted by mineral, then site.' }) lines!: StockLineView[];
}
