import type { ContextManager } from '@opentelemetry/api';
import { adoptContextManager } from '../context/global-context-manager.js';
import { W3CPropagator } from '../propagation/w3c-propagator.js';
import { reportError } from '../report-error.js';
import { claimGlobal, type GlobalSlot, globalIn, releaseGlobal } from './global-api.js';
import { globalContextManager } from './global-context.js';
import { LlmObsTracerProvider } from './tracer-provider.js';

const propagator = new W3CPropagator();
let toldForeign = false;

/**
 * Installs `provider`, the context manager and the W3C propagator as `@opentelemetry/api`'s
 * globals, each where no other SDK holds it already (a newer instance of this library takes over
 * from an older one). Where another SDK owns the context manager, this library adopts it, so its
 * `using*` blocks and that SDK's spans share one context. Says once what it left alone. Returns the
 * function `shutdown()` calls: it removes only what is still this instance's.
 */
export function installOtelGlobals(provider: LlmObsTracerProvider): () => void {
  const current = globalIn('trace');
  if (current instanceof LlmObsTracerProvider) releaseGlobal('trace', current);
  const wanted: [GlobalSlot, unknown][] = [
    ['trace', provider],
    ['context', globalContextManager],
    ['propagation', propagator],
  ];
  const mine: [GlobalSlot, unknown][] = [];
  const foreign: GlobalSlot[] = [];
  for (const [slot, instance] of wanted) {
    if (claimGlobal(slot, instance) || globalIn(slot) === instance) mine.push([slot, instance]);
    else foreign.push(slot);
  }
  const foreignContext = globalIn('context');
  if (foreignContext !== globalContextManager && foreignContext !== undefined) {
    adoptContextManager(foreignContext as ContextManager);
  }
  if (foreign.length > 0 && !toldForeign) {
    toldForeign = true;
    reportError(
      'otel-globals',
      `another OpenTelemetry SDK owns the global ${foreign.join(', ')}; left in place. Add LlmObsSpanProcessor to it`,
    );
  }
  return function uninstallOtelGlobals() {
    // A newer instance holds the globals now: they are its to remove.
    if (mine.some(([slot]) => slot === 'trace') && globalIn('trace') !== provider) return;
    for (const [slot, instance] of mine) releaseGlobal(slot, instance);
  };
}
