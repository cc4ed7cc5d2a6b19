import type { PassbookOperation } from './passbook.js';
import type { DocumentText } from './savings-pdf.js';

/** What a movement was, in words: the shares bought, the fine's type, the grant's purpose, a repayment's split. */
export function operationLabel(
  text: DocumentText,
  movement: {
    readonly operation: PassbookOperation;
    readonly shares?: number;
    readonly fineCode: string | null;
    readonly purpose: string | null;
    readonly repaymentSplit?: { readonly serviceChargeMinor: number; readonly principalMinor: number } | null;
    readonly writeOff?: { readonly serviceChargeMinor: number; readonly principalMinor: number } | null;
    readonly carriedDebtMinor?: number | null;
  },
): string {
  const split = movement.repaymentSplit;
  const writeOff = movement.writeOff;
  if (movement.operation === 'loan_write_off' && writeOff) {
    return text.t('operation.loan_write_off', { serviceCharge: text.money(writeOff.serviceChargeMinor), principal: text.money(writeOff.principalMinor) });
  }
  if (movement.operation === 'carried_debt' && movement.carriedDebtMinor) {
    return text.t('operation.carried_debt', { amount: text.money(movement.carriedDebtMinor) });
  }
  if (movement.operation === 'loan_repayment' && split) {
    return text.t('operation.loan_repayment_split', { serviceCharge: text.money(split.serviceChargeMinor), principal: text.money(split.principalMinor) });
  }
  return text.t(`operation.${movement.operation}`, { shares: movement.shares ?? '', code: movement.fineCode ?? '', purpose: movement.purpose ?? '' });
}
