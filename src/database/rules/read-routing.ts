/**
 * Where a read that tolerates a little lag goes when a streaming standby is configured: the
 * standby, unless it is not one any more, lags beyond the limit (or cannot tell its lag), or
 * has not yet replayed the caller's own last write (read-your-writes).
 */

/** What the standby said of itself in the first statement of the read transaction. */
export interface ReplicaProbe {
  /** False once promoted: it is no standby of the primary any more, its data may have parted. */
  readonly inRecovery: boolean;
  /** pg_last_wal_replay_lsn(): how far it has replayed the primary's log. */
  readonly replayLsn: string | null;
  /** Seconds behind the primary (0 when it has replayed all it received from a live stream); null: unknown. */
  readonly lagSeconds: number | null;
}

export type ReplicaCondition = 'streaming' | 'lagging' | 'not-a-standby';

/** Why a read went to the primary: the first is the ordinary price of read-your-writes, the others are worth a warning. */
export type PrimaryReason = 'own-write-not-replayed' | 'lagging' | 'lag-unknown' | 'not-a-standby';

export type ReadRoute = { readonly to: 'replica' } | { readonly to: 'primary'; readonly why: PrimaryReason };

/** A WAL position as PostgreSQL prints it (`16/B374D848`), as a number that orders like the log. */
export function lsnValue(lsn: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!match) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Whether the standby's replay has reached `lsn` (a commit ending at or before it is visible there). */
export function replayedUpTo(replayLsn: string | null, lsn: string): boolean {
  return replayLsn !== null && lsnValue(replayLsn) >= lsnValue(lsn);
}

/** The standby's condition as /health/ready shows it. */
export function replicaCondition(probe: ReplicaProbe, maxLagSeconds: number): ReplicaCondition {
  if (!probe.inRecovery) return 'not-a-standby';
  if (probe.lagSeconds === null || probe.lagSeconds > maxLagSeconds) return 'lagging';
  return 'streaming';
}

/** `ownLastWrite`: the WAL position after the caller's last write committed on the primary, null when none is remembered. */
export function routeRead(probe: ReplicaProbe, ownLastWrite: string | null, maxLagSeconds: number): ReadRoute {
  if (!probe.inRecovery) return { to: 'primary', why: 'not-a-standby' };
  if (probe.lagSeconds === null) return { to: 'primary', why: 'lag-unknown' };
  if (probe.lagSeconds > maxLagSeconds) return { to: 'primary', why: 'lagging' };
  if (ownLastWrite !== null && !replayedUpTo(probe.replayLsn, ownLastWrite)) return { to: 'primary', why: 'own-write-not-replayed' };
  return { to: 'replica' };
}
