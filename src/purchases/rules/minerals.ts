/**
 * The minerals a cooperative buys by default, with the Harmonized System code declared on
 * export documents and the unit the trade prices them in. A cooperative may keep its own
 * list; this one is the default it starts from.
 *
 * Cobalt: artisanal diggers sell heterogenite, a cobalt ore (CoOOH), which is HS 2605.00
 * "cobalt ores and concentrates". Cobalt hydroxide is what a processing plant makes from it
 * and is exported under HS 2822.00 "cobalt oxides and hydroxides". Both are listed with
 * their own code because a cooperative that runs a small plant buys one and sells the other;
 * declaring hydroxide under the ore heading, or the reverse, misstates the export.
 *
 * Rough diamonds follow the Kimberley Process split: 7102.10 unsorted, 7102.21 industrial,
 * 7102.31 non-industrial (gem), all unworked or simply sawn, cleaved or bruted.
 */
import { DomainError } from '../../common/domain-error.js';
import { type PriceBasis } from './amount.js';
import { type MassUnit } from './units.js';

export type MineralCode =
  | 'HETEROGENITE'
  | 'COBALT_HYDROXIDE'
  | 'COPPER_ORE'
  | 'CASSITERITE'
  | 'COLTAN'
  | 'WOLFRAMITE'
  | 'GOLD'
  | 'ROUGH_DIAMOND_UNSORTED'
  | 'ROUGH_DIAMOND_INDUSTRIAL'
  | 'ROUGH_DIAMOND_NON_INDUSTRIAL';

export interface Mineral {
  readonly code: MineralCode;
  /** HS 6-digit code as printed on export documents, 'NNNN.NN'. */
  readonly hsCode: string;
  /** Default unit of the unit price: per kg for ores, per gram for gold, per carat for diamonds. */
  readonly pricingUnit: MassUnit;
  /** What the grade measures (content of Co, Cu, Sn, Ta2O5, WO3, fine gold); null when no grade is assayed. */
  readonly gradeOf: string | null;
  /** Moisture is measured and deducted before the contained metal is priced. */
  readonly moistureRelevant: boolean;
  /** Exports need a Kimberley Process certificate. */
  readonly kimberleyProcess: boolean;
}

/** Ores are priced per kg and assayed for their metal; cobalt is also dried before pricing. */
function ore(code: MineralCode, hsCode: string, gradeOf: string, moistureRelevant: boolean): Mineral {
  return { code, hsCode, pricingUnit: 'kg', gradeOf, moistureRelevant, kimberleyProcess: false };
}

/** Rough diamonds are priced per carat, not assayed, and travel under a Kimberley Process certificate. */
function roughDiamond(code: MineralCode, hsCode: string): Mineral {
  return { code, hsCode, pricingUnit: 'ct', gradeOf: null, moistureRelevant: false, kimberleyProcess: true };
}

export const DEFAULT_MINERALS: readonly Mineral[] = [
  ore('HETEROGENITE', '2605.00', 'Co', true),
  ore('COBALT_HYDROXIDE', '2822.00', 'Co', true),
  ore('COPPER_ORE', '2603.00', 'Cu', false),
  ore('CASSITERITE', '2609.00', 'Sn', false),
  ore('COLTAN', '2615.90', 'Ta2O5', false),
  ore('WOLFRAMITE', '2611.00', 'WO3', false),
  {
    code: 'GOLD',
    hsCode: '7108.12',
    pricingUnit: 'g',
    gradeOf: 'Au',
    moistureRelevant: false,
    kimberleyProcess: false,
  },
  roughDiamond('ROUGH_DIAMOND_UNSORTED', '7102.10'),
  roughDiamond('ROUGH_DIAMOND_INDUSTRIAL', '7102.21'),
  roughDiamond('ROUGH_DIAMOND_NON_INDUSTRIAL', '7102.31'),
];

export function findMineral(code: string, minerals: readonly Mineral[] = DEFAULT_MINERALS): Mineral {
  const mineral = minerals.find((candidate) => candidate.code === code);
  if (mineral === undefined) {
    throw new DomainError('MINERAL_UNKNOWN', { mineral: code, allowed: minerals.map((known) => known.code) });
  }
  return mineral;
}

/** Whether a mineral code names a rough diamond (weighed in carats, exported under a KP certificate); false for an unknown code. */
export function isKimberleyMineral(code: string | null, minerals: readonly Mineral[] = DEFAULT_MINERALS): boolean {
  return minerals.some((candidate) => candidate.code === code && candidate.kimberleyProcess);
}

export interface MineralMeasurements {
  readonly priceBasis: PriceBasis;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
}

/**
 * The measurements fit the mineral: no grade or contained-metal price for a stone that is
 * not assayed, and moisture recorded exactly where it is deducted (cobalt) and nowhere else.
 */
export function assertMeasurementsFitMineral(mineral: Mineral, measurements: MineralMeasurements): void {
  const params = { mineral: mineral.code };
  if (mineral.gradeOf === null && measurements.gradeBp !== null) throw new DomainError('GRADE_NOT_APPLICABLE', params);
  if (mineral.gradeOf === null && measurements.priceBasis === 'per_unit_contained_metal') {
    throw new DomainError('PRICE_BASIS_NOT_APPLICABLE', { ...params, priceBasis: measurements.priceBasis });
  }
  if (mineral.moistureRelevant && measurements.moistureBp === null) throw new DomainError('MOISTURE_REQUIRED', params);
  if (!mineral.moistureRelevant && measurements.moistureBp !== null) {
    throw new DomainError('MOISTURE_NOT_APPLICABLE', params);
  }
}
