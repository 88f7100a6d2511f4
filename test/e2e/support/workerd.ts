import { dirname } from 'node:path';
import { Miniflare } from 'miniflare';

/** Runs a built Worker in workerd through Miniflare, with the given flags and bindings. */
export function startWorkerd(
  scriptPath: string,
  compatibilityFlags: string[],
  bindings: Record<string, string>,
): Miniflare {
  return new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: '2026-03-01',
    compatibilityFlags,
    bindings,
  });
}
