// Deno and Bun: runs the scenario once and prints its result.
import { runScenario } from './scenario.js';

declare const Deno: { env: { get(name: string): string | undefined } } | undefined;
const read = (name: string) =>
  typeof Deno !== 'undefined'
    ? Deno.env.get(name)
    : (globalThis as { process?: { env: Record<string, string> } }).process?.env[name];

const result = await runScenario(read('OTLP_ENDPOINT') ?? '', read('SESSION_ID') ?? '');
console.log(JSON.stringify(result));
