/**
 * What one database transaction may see: the cooperatives whose rows row-level security
 * lets through, who acts, and whether writing is allowed at all (supervisors never write).
 */
export interface TenantScope {
  readonly cooperativeIds: readonly string[];
  readonly userId: string | null;
  readonly readOnly: boolean;
  /** Platform operator: may see the list of cooperatives and create them, nothing inside. */
  readonly operator?: boolean;
}
