import type { TestApp } from './test-app.js';
import type { Session } from './identity-fixture.js';
import { registerActiveMember } from './member-fixture.js';

let sequence = 0;

/** A member who may sell: registered with a miner's card issued on `cardIssuedOn`, then admitted as active. */
export async function registerSeller(t: TestApp, officer: Session, cooperativeId: string, cardIssuedOn: string): Promise<string> {
  sequence += 1;
  const seller = await registerActiveMember(t, officer, cooperativeId, cardIssuedOn, { cardNumber: `CEA-S-${sequence}`, cardIssuedOn });
  return seller.id;
}

/** A heterogenite purchase body (12.5 kg net, 14.2 % Co, 8 % moisture, 9.50 USD per kg of cobalt), unique tag. */
export function heterogenitePurchase(sellerId: string, siteId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    sellerId,
    siteId,
    mineral: 'HETEROGENITE',
    grossMass: { value: '12.8', unit: 'kg' },
    netMass: { value: '12.5', unit: 'kg' },
    gradePercent: '14.2',
    moisturePercent: '8',
    unitPriceMinor: 950,
    priceBasis: 'per_unit_contained_metal',
    currency: 'USD',
    paymentMethod: 'cash',
    tagId: `BAG-${process.pid}-${sequence}`,
    ...overrides,
  };
}
