// Jest loads global setup with Node's own module loader, which cannot resolve the project's
// TypeScript imports; tsx loads that one module graph for it.
import { tsImport } from 'tsx/esm/api';

let loaded;
const server = () => (loaded ??= tsImport('./prepare-test-server.ts', import.meta.url));

// Several projects (e2e, web) share one server and template: the first prepares, the last releases.
let projects = 0;

export default async function globalSetup() {
  projects += 1;
  if (projects === 1) await (await server()).prepareTestServer();
}

export async function teardown() {
  projects -= 1;
  if (projects === 0) await (await server()).releaseTestServer();
}
