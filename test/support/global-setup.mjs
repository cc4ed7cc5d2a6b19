// Jest loads global setup with Node's own module loader, which cannot resolve the project's
// TypeScript imports; tsx loads that one module graph for it.
import { tsImport } from 'tsx/esm/api';

let loaded;
const server = () => (loaded ??= tsImport('./prepare-test-server.ts', import.meta.url));

export default async function globalSetup() {
  await (await server()).prepareTestServer();
}

export async function teardown() {
  await (await server()).releaseTestServer();
}
