// Runs one measurement in a fresh Node process (its own heap, JIT state and inline caches, so one
// tool's garbage or call-site feedback never slows another's) and returns the JSON it prints last.
import { spawn } from 'node:child_process';

/** Runs `node [nodeFlags] script ...args` and resolves with the JSON on its last stdout line. */
export function runChild(script, args = [], nodeFlags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let stdout = '';
    child.stdout.on('data', (data) => {
      stdout += data;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop();
      if (code !== 0 || !last) return reject(new Error(`${script} ${args.join(' ')} exited ${code}`));
      try {
        resolve(JSON.parse(last));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The value after `--name` on the command line, if present. */
export function argValue(name, argv = process.argv) {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}
