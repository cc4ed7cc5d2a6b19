import { ConfigurationError, loadConfig, trustedProxies } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.EMBEDDED_DB_PORT).toBe(0);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it('parses numbers from their string form', () => {
    expect(loadConfig({ PORT: '8080', DATABASE_POOL_SIZE: '4' })).toMatchObject({ PORT: 8080, DATABASE_POOL_SIZE: 4 });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('DATABASE_URL="mysql://x"');
    expect(message).toContain('LOG_LEVEL="loud"');
  });

  it('refuses a short JWT secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('requires a shared JWT secret in production on an external database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/u' })).toThrow(/JWT_SECRET: required/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('listens on loopback only on the embedded engine unless HOST says otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/u' }).HOST).toBe('0.0.0.0');
  });

  it('trusts no proxy unless TRUST_PROXY lists addresses or ranges', () => {
    expect(trustedProxies(loadConfig({}).TRUST_PROXY)).toEqual([]);
    expect(trustedProxies(loadConfig({ TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,loopback,::1' }).TRUST_PROXY)).toEqual(['10.0.0.1', '172.16.0.0/12', 'loopback', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY="true"/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('takes a standby of the primary as DATABASE_READ_URL, with a lag limit of 30 s unless told', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://owner@db-primary:5432/ushirika', DATABASE_READ_URL: 'postgres://owner@db-standby:5432/ushirika' });
    expect(config.DATABASE_READ_URL).toBe('postgres://owner@db-standby:5432/ushirika');
    expect(config.DATABASE_READ_MAX_LAG_SECONDS).toBe(30);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/u', DATABASE_READ_URL: 'postgres://standby/u', DATABASE_READ_MAX_LAG_SECONDS: '5' }).DATABASE_READ_MAX_LAG_SECONDS).toBe(5);
    expect(loadConfig({}).DATABASE_READ_URL).toBeUndefined();
  });

  it('refuses a DATABASE_READ_URL that cannot be a standby of DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://standby/u' })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/u', DATABASE_READ_URL: 'mysql://standby/u' })).toThrow(/DATABASE_READ_URL="mysql:\/\/standby\/u"/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db:5432/u', DATABASE_READ_URL: 'postgres://reader@db/u' })).toThrow(/same server as DATABASE_URL \(db:5432\)/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/u', DATABASE_READ_URL: 'postgres://standby/other' })).toThrow(/names database other, DATABASE_URL u/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/u', DATABASE_READ_URL: 'postgres://standby/u', DATABASE_READ_MAX_LAG_SECONDS: '0' })).toThrow(/DATABASE_READ_MAX_LAG_SECONDS="0"/);
  });
});
