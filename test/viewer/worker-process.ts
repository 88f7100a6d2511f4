import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { collectOutput, repoRoot, tempDataDir } from './viewer-process.js';

/** A free TCP port on 127.0.0.1 (free when asked; wrangler takes it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The example Worker (worker-example/, the root wrangler.toml) under `wrangler dev`. */
export interface WorkerProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` for the example Worker with its OpenAI calls pointed at `openAiBaseUrl`, its
 * exporter at `otlpEndpoint`, and any further `vars` (e.g. the Anthropic stand-in), as `npm start`
 * wires them.
 */
export async function startExampleWorker(
  openAiBaseUrl: string,
  otlpEndpoint: string,
  vars: Record<string, string> = {},
): Promise<WorkerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js',
      'dev',
      '--config',
      'wrangler.toml',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      await tempDataDir(),
      '--var',
      `OPENAI_BASE_URL:${openAiBaseUrl}`,
      '--var',
      'OPENAI_API_KEY:sk-test',
      '--var',
      `OTEL_EXPORTER_OTLP_ENDPOINT:${otlpEndpoint}`,
      ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
    {
      cwd: repoRoot,
      // Offline: no Request.cf download, no metrics.
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const output = collectOutput(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    // wrangler runs workerd as its child: end the whole group.
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (/Ready on/.test(output())) {
      try {
        await fetch(url, { signal: AbortSignal.timeout(2000) });
        return { url, output, stop };
      } catch {
        // Listening is announced a moment before requests are served.
      }
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
