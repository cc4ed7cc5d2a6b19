import { strFromU8, unzipSync } from 'fflate';
import type { TestApp } from './support/test-app.js';
import { bearer, type Session } from './support/identity-fixture.js';
import type { JobView } from '../src/jobs/dto/job.view.js';

/** The CSV files of a zip, each as rows of cells (the exports quote no field that these tests read). */
export function csvFiles(zip: Buffer): Map<string, string[][]> {
  const files = unzipSync(new Uint8Array(zip));
  return new Map(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes).trim().split(/\r?\n/).map((line) => line.split(','))]));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a job until `until` holds (or it finished); waits, asserts nothing about time. */
export async function waitForJob(t: TestApp, session: Session, jobId: string, until: (job: JobView) => boolean = (job) => job.state === 'succeeded' || job.state === 'failed'): Promise<JobView> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const job = (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(session)).expect(200)).body as JobView;
    if (until(job) || job.state === 'failed') return job;
    await pause(100);
  }
  throw new Error(`Job ${jobId} never reached the awaited state`);
}
