import { type ChildProcess, spawn } from 'node:child_process';

/** A server running in another runtime's process, listening on 127.0.0.1. */
export interface ChildServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command args` and waits for the `{"port": n}` line the app prints once it listens. The
 * child's stderr is kept for failure messages.
 */
export function startChildServer(command: string, args: string[], env: Record<string, string>): Promise<ChildServer> {
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} did not start within 20 s:\n${log}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${log}`));
    });
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      log += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: `http://127.0.0.1:${match[1]}`, output: () => log, stop });
      }
    });
  });
}
