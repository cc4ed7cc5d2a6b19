// The reports module reads the pure ledger's mapping of savings rows from here. The rows and
// the mapping now live in savings-rows.ts, the queries in the savings-*.repository.ts files
// (one per aggregate); this re-export goes once reports imports savings-rows.js itself.
export { ledgerLoanOf, ledgerMovementOf, type LedgerLoanColumns, type LedgerMovementColumns } from './savings-rows.js';
