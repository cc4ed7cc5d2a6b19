// Jest loads global setup with Node's own ESM loader, which cannot resolve the project's
// TypeScript imports; tsx loads that one module graph for it.
import { tsImport } from 'tsx/esm/api';

const server = await tsImport('./prepare-test-server.ts', import.meta.url);

export default async function globalSetup() {
  await server.prepareTestServer();
}

export async function teardown() {
  await server.releaseTestServer();
}
