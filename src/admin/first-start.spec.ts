import { shouldSeedDemo, type FirstStart } from './first-start.js';

describe('demo data on first start', () => {
  const trial: FirstStart = { embedded: true, freshDatabase: true, demoData: 'true', nodeEnv: 'development' };

  it('seeds the embedded engine on its first start, for a newcomer trying the product', () => {
    expect(shouldSeedDemo(trial)).toBe(true);
    expect(shouldSeedDemo({ ...trial, nodeEnv: 'test' })).toBe(true);
  });

  it.each<[string, Partial<FirstStart>]>([
    ['on a PostgreSQL server', { embedded: false }],
    ['on a database that already holds data', { freshDatabase: false }],
    ['in production', { nodeEnv: 'production' }],
    ['when turned off', { demoData: 'false' }],
  ])('never seeds %s', (_, change) => {
    expect(shouldSeedDemo({ ...trial, ...change })).toBe(false);
  });
});
