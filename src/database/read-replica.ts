import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { OpenTransaction, scopeSettings } from './open-transaction.js';
import { replicaCondition, routeRead, type PrimaryReason, type ReplicaCondition, type ReplicaProbe } from './rules/read-routing.js';
import type { TenantScope } from './tenant-scope.js';

/** Where the standby is and how much lag its reads tolerate (DATABASE_READ_URL, DATABASE_READ_MAX_LAG_SECONDS). */
export interface ReadReplicaSettings {
  /** The owner's connection to the standby (exports read there as the owner, as they do on the primary). */
  readonly ownerUrl: string;
  /** The API's own login role on the standby: the primary's, replicated with its password. */
  readonly appUrl: string;
  readonly maxLagSeconds: number;
  readonly poolSize: number;
}

/** What /health/ready says of the standby. */
export interface ReplicaState {
  readonly status: ReplicaCondition | 'unavailable';
  readonly lagSeconds: number | null;
  readonly replayLsn: string | null;
  readonly maxLagSeconds: number;
}

/**
 * The standby's view of itself, asked in the read transaction's first round trip (so routing
 * costs no extra one). Its lag is 0 while it has replayed all a live stream brought it, else
 * the age of the last transaction it replayed; pg_stat_wal_receiver has a row only while a WAL
 * receiver runs (its details are hidden from the app role, its existence is not).
 */
const PROBE = `pg_is_in_recovery() AS in_recovery, pg_last_wal_replay_lsn()::text AS replay_lsn,
  CASE WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag_seconds`;

interface ProbeRow {
  in_recovery: boolean;
  replay_lsn: string | null;
  lag_seconds: number | null;
}

/** After a failure to reach the standby, reads go straight to the primary for this long before it is tried again. */
const RETRY_AFTER_MS = 5_000;
/** A reason to fall back already logged is logged again at most this often while it lasts. */
const WARN_EVERY_MS = 60_000;
/** Bound on the remembered writers: the oldest are forgotten first (their writes are older than any tolerated lag). */
const MAX_REMEMBERED_WRITERS = 100_000;

const probeOf = (row: ProbeRow): ReplicaProbe => ({
  inRecovery: row.in_recovery,
  replayLsn: row.replay_lsn,
  lagSeconds: row.lag_seconds === null ? null : Number(row.lag_seconds),
});

/** A standby's refusal to go on with a read: it cancels queries whose rows its replay must remove or lock. */
function isRecoveryConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /conflict with recovery/i.test(message);
}

/**
 * The streaming standby that serves reads which tolerate a little lag (DATABASE_READ_URL).
 * Each read transaction there is opened with the same login role and the same row-level
 * security settings as on the primary, read-only. A caller's read goes to the primary while
 * the standby has not replayed that caller's last write (its WAL position, remembered by this
 * instance at commit), while the standby lags beyond the limit, and while it cannot be
 * reached: then with a warning in the log, never an error for the request.
 */
export class ReadReplica implements OnApplicationShutdown {
  private readonly log = new Logger('ReadReplica');
  private source: DataSource | undefined;
  private opening: Promise<DataSource> | undefined;
  private unreachableUntil = 0;
  private lastWarning: { reason: string; at: number } | undefined;
  /** userId → WAL position after their last write and when it was noted; insertion order is age order. */
  private readonly ownWrites = new Map<string, { lsn: string; at: number }>();

  constructor(
    private readonly settings: ReadReplicaSettings | null,
    private readonly primary: DataSource,
  ) {}

  get configured(): boolean {
    return this.settings !== null;
  }

  /** A transaction that could write committed on the primary for `userId`; `lsn` is the log's position then. */
  noteWrite(userId: string, lsn: string): void {
    if (!this.settings) return;
    const now = Date.now();
    this.ownWrites.delete(userId);
    this.ownWrites.set(userId, { lsn, at: now });
    // Once older than the tolerated lag, a write is replayed on any standby still serving reads.
    const forgetBefore = now - (this.settings.maxLagSeconds + 10) * 1000;
    for (const [writer, write] of this.ownWrites) {
      if (write.at >= forgetBefore && this.ownWrites.size <= MAX_REMEMBERED_WRITERS) break;
      this.ownWrites.delete(writer);
    }
  }

  /**
   * A read-only transaction on the standby with `scope`'s row-level security settings, or
   * undefined when this read must go to the primary (why is logged when it is not the
   * caller's own fresh write).
   */
  async begin(scope: TenantScope): Promise<OpenTransaction | undefined> {
    if (!this.settings || Date.now() < this.unreachableUntil) return undefined;
    const readScope: TenantScope = { ...scope, readOnly: true };
    let opened: { transaction: OpenTransaction; rows: ProbeRow[] };
    try {
      opened = await OpenTransaction.begin<ProbeRow>(await this.dataSource(), readScope, `SELECT ${[...scopeSettings(readScope), PROBE].join(', ')}`);
    } catch (error) {
      this.unreachable(error);
      return undefined;
    }
    const probe = probeOf(opened.rows[0]);
    const route = routeRead(probe, this.ownLastWrite(scope.userId), this.settings.maxLagSeconds);
    if (route.to === 'replica') {
      this.backToNormal();
      return opened.transaction;
    }
    await opened.transaction.rollback();
    if (route.why !== 'own-write-not-replayed') this.warn(route.why, `lag ${probe.lagSeconds ?? 'unknown'} s, limit ${this.settings.maxLagSeconds} s`);
    return undefined;
  }

  /**
   * The owner connection a bulk export reads from: the standby's when a read there would be
   * served now for `scope`'s caller, else undefined (the primary's).
   */
  async ownerUrlFor(scope: TenantScope): Promise<string | undefined> {
    const transaction = await this.begin(scope);
    if (!transaction) return undefined;
    await transaction.rollback();
    return this.settings?.ownerUrl;
  }

  /**
   * Whether a read that failed on the standby should be done again on the primary: the
   * standby went away or cancelled it (replay conflict), or it did not find what was asked
   * for yet (a record another caller has just written). Anything else is the read's own error.
   */
  retryOnPrimary(error: unknown): boolean {
    if (error instanceof DomainError) return error.kind === 'not_found';
    if (isDatabaseUnavailable(error)) {
      this.unreachable(error);
      return true;
    }
    if (isRecoveryConflict(error)) {
      this.warn('recovery-conflict', (error as Error).message);
      return true;
    }
    return false;
  }

  /** The standby as /health/ready shows it; undefined when none is configured. */
  async state(): Promise<ReplicaState | undefined> {
    if (!this.settings) return undefined;
    const { maxLagSeconds } = this.settings;
    try {
      const [row] = await (await this.dataSource()).query<ProbeRow[]>(`SELECT ${PROBE}`);
      const probe = probeOf(row);
      return { status: replicaCondition(probe, maxLagSeconds), lagSeconds: probe.lagSeconds, replayLsn: probe.replayLsn, maxLagSeconds };
    } catch {
      return { status: 'unavailable', lagSeconds: null, replayLsn: null, maxLagSeconds };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const source = this.source ?? (await this.opening?.catch(() => undefined));
    this.source = undefined;
    if (source?.isInitialized) await source.destroy();
  }

  private ownLastWrite(userId: string | null): string | null {
    return userId === null ? null : (this.ownWrites.get(userId)?.lsn ?? null);
  }

  /** The standby's pool, opened at the first read: the API starts (and reads on the primary) while the standby is down. */
  private async dataSource(): Promise<DataSource> {
    if (this.source?.isInitialized) return this.source;
    const settings = this.settings;
    if (!settings) throw new Error('No read replica is configured');
    this.opening ??= (async () => {
      const source = new DataSource({
        type: 'postgres',
        url: settings.appUrl,
        entities: this.primary.options.entities,
        synchronize: false,
        migrationsRun: false,
        logging: false,
        poolSize: settings.poolSize,
        // statement_timeout is set per transaction (OpenTransaction.begin), never as a session setting.
        extra: { application_name: 'ushirika-api-read', connectionTimeoutMillis: 3_000 },
      });
      await source.initialize();
      this.source = source;
      return source;
    })().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private unreachable(error: unknown): void {
    this.unreachableUntil = Date.now() + RETRY_AFTER_MS;
    this.warn('unavailable', error instanceof Error ? error.message : String(error));
  }

  private warn(reason: PrimaryReason | 'unavailable' | 'recovery-conflict', detail: string): void {
    const now = Date.now();
    if (this.lastWarning?.reason === reason && now - this.lastWarning.at < WARN_EVERY_MS) return;
    this.lastWarning = { reason, at: now };
    this.log.warn(`read replica ${reason}: reads go to the primary (${detail})`);
  }

  private backToNormal(): void {
    if (!this.lastWarning) return;
    this.lastWarning = undefined;
    this.log.log('read replica serves reads again');
  }
}
