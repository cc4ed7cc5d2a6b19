import { ApiProperty } from '@nestjs/swagger';
import { FEE_PAYMENT_METHODS, type FeePaymentMethod } from '../card-fees/card-fee.dto.js';

/** A card fee collected from a miner. */
export class CardFeeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) cardId!: string | null;
  @ApiProperty({ description: 'Integer minor units of `currency` (USD cents, CDF centimes).' }) amountMinor!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ format: 'date' }) paidOn!: string;
  @ApiProperty() receiptNumber!: string;
  @ApiProperty({ enum: FEE_PAYMENT_METHODS }) paymentMethod!: FeePaymentMethod;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: Date;
}

export class CardFeeTotalView {
  @ApiProperty({ description: 'Integer minor units of `currency`.' }) amountMinor!: number;
  @ApiProperty() currency!: string;
}

/** The fees of a period, with their total per currency. */
export class CardFeeListView {
  @ApiProperty({ type: () => [CardFeeView] }) items!: CardFeeView[];
  @ApiProperty({ type: () => [CardFeeTotalView] }) totals!: CardFeeTotalView[];
}
