import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

// Shorthands for the fields every savings view repeats, so each view reads as its field list.

/** An amount of money: an integer of minor units of the cycle's currency. */
export function MinorProperty(description = 'Integer of minor units of the cycle currency.', options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'integer', description, ...options });
}

export function IntProperty(description?: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'integer', description, ...options });
}

/** A calendar day, `YYYY-MM-DD`. */
export function DayProperty(description?: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: String, format: 'date', description, ...options });
}

export function IdProperty(description?: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: String, format: 'uuid', description, ...options });
}

export function NullableIdProperty(description?: string): PropertyDecorator {
  return IdProperty(description, { nullable: true });
}
