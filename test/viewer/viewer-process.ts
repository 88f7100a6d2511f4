import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm run viewer` runs. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Gathers what `child` writes to stdout and stderr; the returned function reads it so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return () => output;
}

/** A `node scripts/viewer.js` child process. */
export interface ViewerProcess {
  url: string;
  persistTo: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, as Ctrl-C would; resolves with the exit code once it (and its workerd) are gone. */
  stop(): Promise<number | null>;
}

const dataDirs: string[] = [];

/** A fresh directory for a viewer's D1 files, removed when the test process exits. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-llmobs-viewer-'));
  if (dataDirs.push(dir) === 1) {
    process.once('exit', () => {
      for (const made of dataDirs) rmSync(made, { recursive: true, force: true });
    });
  }
  return dir;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/**
 * Starts the viewer the way `npm run viewer` does, on a free port (PORT=0) and the given data
 * directory, and waits for the URL it prints.
 */
export async function startViewerProcess(
  persistTo: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ViewerProcess> {
  // Its own process group, so a stop that has to escalate can take workerd down with it.
  const child = spawn(process.execPath, ['scripts/viewer.js'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', VIEWER_DATA: persistTo, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 5000);
    const code = await exited(child);
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /edge-llmobs viewer: (http:\/\/\S+)/.exec(output());
    if (match) return { url: match[1], persistTo, output, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the viewer did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
