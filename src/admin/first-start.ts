import type { AppConfig } from '../config/config.js';
import type { DatabaseTarget } from '../database/database-target.js';
import { migrations } from '../../migrations/index.js';
import { seedDemo, type DemoLogin } from './bootstrap.js';

export interface FirstStart {
  readonly embedded: boolean;
  /** Every migration was applied by this start: the database was empty. */
  readonly freshDatabase: boolean;
  readonly demoData: AppConfig['DEMO_DATA'];
  readonly nodeEnv: AppConfig['NODE_ENV'];
}

/**
 * The demo cooperative (known logins, each with a password generated at that start and printed
 * once) is created only where it cannot reach real data: the embedded engine's very first start,
 * outside production, unless turned off.
 */
export function shouldSeedDemo(start: FirstStart): boolean {
  return start.embedded && start.freshDatabase && start.demoData === 'true' && start.nodeEnv !== 'production';
}

/** Seeds the demo cooperative when `shouldSeedDemo` says so; returns its logins, or null. */
export async function seedDemoOnFirstStart(
  config: AppConfig,
  target: DatabaseTarget,
  applied: readonly string[],
): Promise<DemoLogin[] | null> {
  const start = { embedded: target.embedded !== undefined, freshDatabase: applied.length === migrations.length, demoData: config.DEMO_DATA, nodeEnv: config.NODE_ENV };
  return shouldSeedDemo(start) ? seedDemo(target.ownerUrl) : null;
}
