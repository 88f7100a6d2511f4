import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Where the browser test finds Chromium, first match wins: CHROMIUM_PATH, a system Chromium, then the
// Chromium shipped inside the @sparticuz/chromium dev dependency (unpacked to /tmp on first use). With
// none of them the test fails with what to install: it never skips.

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const HEADLESS_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface FoundBrowser {
  executablePath: string;
  args: string[];
  source: string;
}

export const NO_BROWSER_MESSAGE =
  'No Chromium for the viewer browser test. Run `npm ci` (it installs @sparticuz/chromium, which ships one), ' +
  'or install Chromium (Debian: apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

// The packaged flags are for serverless sandboxes. The ones that switch off the same-origin policy would
// make the browser test blind to cross-site requests; --single-process (needed only where a sandbox
// forbids child processes) puts every page in the browser process, unlike any browser a user runs, and
// a navigation still under way can hang its close. All three are dropped.
const DROPPED_PACKAGED_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

interface PackagedChromium {
  executablePath(): Promise<string>;
  args: string[];
}

export interface BrowserSources {
  env?: NodeJS.ProcessEnv;
  systemPaths?: string[];
  loadPackaged?: () => Promise<PackagedChromium>;
}

const loadSparticuz = async (): Promise<PackagedChromium> => (await import('@sparticuz/chromium')).default;

export async function findBrowser({
  env = process.env,
  systemPaths = SYSTEM_PATHS,
  loadPackaged = loadSparticuz,
}: BrowserSources = {}): Promise<FoundBrowser> {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${NO_BROWSER_MESSAGE}`);
    return { executablePath: fromEnv, args: HEADLESS_ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = systemPaths.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: HEADLESS_ARGS, source: system };
  try {
    const packaged = await loadPackaged();
    const executablePath = await packaged.executablePath();
    const args = packaged.args.filter((arg) => !DROPPED_PACKAGED_ARGS.has(arg));
    return { executablePath, args: [...args, ...HEADLESS_ARGS.slice(1)], source: '@sparticuz/chromium' };
  } catch (error) {
    throw new Error(`${NO_BROWSER_MESSAGE} (@sparticuz/chromium: ${(error as Error).message})`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser();
  return chromium.launch({ executablePath: found.executablePath, args: found.args });
}
