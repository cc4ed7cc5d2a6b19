import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every setting the server reads from its environment, validated once at boot so that a
 * wrong value stops the start with a message naming the variable instead of failing later.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /**
   * Address to listen on. Unset: 127.0.0.1 on the embedded engine (a laptop trial is not
   * reachable from the network until HOST says so, e.g. HOST=0.0.0.0), 0.0.0.0 with
   * DATABASE_URL (a server deployment, usually in a container behind a proxy).
   */
  @IsOptional() @IsString()
  HOST = '';

  /**
   * Reverse proxies whose X-Forwarded-For is believed, comma-separated: IP addresses, CIDR
   * ranges or `loopback`, `linklocal`, `uniquelocal`. Unset: no proxy is trusted and the
   * client address is the socket's (login throttling counts per address).
   */
  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  /** Owner connection (migrations, admin commands). Absent: the embedded engine is used. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Login role the API uses for requests: it neither owns the tables nor bypasses RLS.
   * Absent: ushirika_app_<database>, one per database, so deployments sharing a cluster never
   * reset each other's password.
   */
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a plain lowercase role name' })
  DATABASE_APP_USER?: string;

  @IsOptional() @IsString()
  DATABASE_APP_PASSWORD?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Owner connection to a hot standby of DATABASE_URL's server (PostgreSQL streaming
   * replication), same database name, same roles. Set: supervision dashboards, report
   * generation reads, stored reports and exports read from it (as the same app role, with the
   * same row-level security scope), unless the caller's own last write is not replayed there
   * yet; writes always go to DATABASE_URL. Needs DATABASE_URL (the embedded engine has no standby).
   */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  /**
   * Replay lag of the standby beyond which its reads go to the primary (with a warning in the
   * log) until it catches up; /health/ready shows the lag.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  DATABASE_READ_MAX_LAG_SECONDS = 30;

  /** Folder of the embedded database, generated secrets and stored files. */
  @IsOptional() @IsString()
  DATA_DIR = './data';

  /**
   * Folder of the automatic backups (a USB stick, say). On the embedded engine they are on by
   * default, into DATA_DIR/backups; on a PostgreSQL server only when this is set. 'off' turns
   * them off.
   */
  @IsOptional() @IsString()
  BACKUP_DIR?: string;

  /** How many automatic backups are kept; older ones are deleted after each new copy. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  BACKUP_KEEP = 7;

  /** Hours between automatic backups. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24 * 30)
  BACKUP_EVERY_HOURS = 24;

  /** 0 picks a free port; never 5432, where a system PostgreSQL may already listen. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  EMBEDDED_DB_PORT = 0;

  /** Signs access tokens and QR card tokens. Generated into DATA_DIR when absent. */
  @IsOptional() @IsString() @MinLength(32)
  JWT_SECRET?: string;

  /**
   * Member-card QR keys, `id:secret,id:secret…`: the first signs new cards, every one verifies
   * (rotation without voiding cards). Absent: one key `k1` derived from the JWT secret.
   */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,16}:[^,]{32,}(,[A-Za-z0-9_-]{1,16}:[^,]{32,})*$/, { message: 'must be id:secret[,id:secret…], secrets of 32+ characters' })
  CARD_KEYS?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsOptional() @Transform(toInt) @IsInt() @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 86400;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** How often an idle job worker looks for queued jobs; 0 runs no worker in this process. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600_000)
  JOBS_POLL_MS = 1000;

  /** A running job whose worker sent no heartbeat for this long is taken over by another worker. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(3600)
  JOBS_STALE_AFTER_SECONDS = 60;

  /**
   * On the embedded engine's first start outside production, create the demo cooperative and
   * one user per role, so that `npm ci && npm start` gives something to log in with. Never on a
   * PostgreSQL server (DATABASE_URL) nor with NODE_ENV=production; 'false' turns it off.
   */
  @IsOptional() @IsIn(['true', 'false'])
  DEMO_DATA: 'true' | 'false' = 'true';

  /**
   * How long an Idempotency-Key's stored answer is kept (and replayed): a phone offline for
   * longer must not retry with the same key. Older rows are purged.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(720)
  IDEMPOTENCY_RETENTION_HOURS = 48;

  /**
   * Proof of work asked of the public incident form: leading zero bits of SHA-256 the browser
   * must find (18 is about a quarter of a second on a cheap phone, a real cost to a spammer).
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(28)
  INCIDENT_REPORT_CHALLENGE_BITS = 18;

  /** Public incident reports accepted per client address per hour (the address is never stored). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  INCIDENT_REPORTS_PER_HOUR = 5;

  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_GRACE_MS = 8000;
}

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads the known variables only; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'DATABASE_READ_URL', 'DATABASE_APP_USER', 'DATABASE_APP_PASSWORD', 'JWT_SECRET', 'TRUST_PROXY', 'CARD_KEYS', 'BACKUP_DIR']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, raw);
  const problems = validateSync(config, { whitelist: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}=${JSON.stringify(raw[error.property])}: ${message}`,
    ),
  );
  const badProxies = trustedProxies(config.TRUST_PROXY).filter((entry) => !isProxyEntry(entry));
  if (badProxies.length > 0) problems.push(`TRUST_PROXY=${JSON.stringify(raw.TRUST_PROXY)}: not an address, CIDR range or loopback/linklocal/uniquelocal: ${badProxies.join(', ')}`);
  if (config.NODE_ENV === 'production' && config.DATABASE_URL && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required in production with an external database (all instances must share it)');
  }
  problems.push(...readReplicaProblems(config));
  if (problems.length > 0) throw new ConfigurationError(problems);
  if (config.HOST === '') config.HOST = config.DATABASE_URL ? '0.0.0.0' : '127.0.0.1';
  return Object.freeze(config);
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** A standby reads for a primary server: never for the embedded engine, never the primary itself. */
function readReplicaProblems(config: EnvironmentVariables): string[] {
  const [read, write] = [config.DATABASE_READ_URL, config.DATABASE_URL];
  const postgresUrl = /^postgres(ql)?:\/\//;
  if (read === undefined || !postgresUrl.test(read)) return [];
  if (!write) return ['DATABASE_READ_URL: needs DATABASE_URL (the embedded engine has no standby)'];
  if (!postgresUrl.test(write)) return [];
  let primary: URL;
  let replica: URL;
  try {
    [primary, replica] = [new URL(write), new URL(read)];
  } catch {
    return ['DATABASE_READ_URL: not a URL'];
  }
  const where = (url: URL): string => `${url.hostname}:${url.port || '5432'}`;
  if (where(primary) === where(replica)) return [`DATABASE_READ_URL: names the same server as DATABASE_URL (${where(replica)}): give the standby's address`];
  if (primary.pathname !== replica.pathname) return [`DATABASE_READ_URL: names database ${replica.pathname.slice(1) || '(none)'}, DATABASE_URL ${primary.pathname.slice(1) || '(none)'}: a standby holds the same database`];
  return [];
}

/** TRUST_PROXY as the list Fastify's trustProxy takes; empty: trust no proxy. */
export function trustedProxies(value: string | undefined): string[] {
  return (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
