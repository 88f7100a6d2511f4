import type { ContextManager } from '@opentelemetry/api';
import {
  type AsyncLocalStorageConstructor,
  AsyncLocalStorageContextManager,
  SynchronousContextManager,
} from './context-manager.js';
import { findAsyncLocalStorage } from './find-async-local-storage.js';

/** The context manager in use, and whether it follows `await` (false: the explicit fallback). */
export interface InstalledContextManager {
  readonly manager: ContextManager;
  readonly followsAwait: boolean;
}

let installed: InstalledContextManager | undefined;

/**
 * Installs a context manager built on the given `AsyncLocalStorage` class (or one found in the
 * runtime), or the synchronous fallback when there is none. Installing twice with a class keeps the
 * first one, so contexts already running stay visible.
 */
export function installContextManager(AsyncLocalStorage?: AsyncLocalStorageConstructor): InstalledContextManager {
  if (installed?.followsAwait) return installed;
  const storage = AsyncLocalStorage ?? findAsyncLocalStorage();
  if (storage) {
    installed = { manager: new AsyncLocalStorageContextManager(storage), followsAwait: true };
  } else if (!installed) {
    installed = { manager: new SynchronousContextManager(), followsAwait: false };
  }
  return installed;
}

/**
 * Uses a context manager another OpenTelemetry SDK installed globally, so this library's `using*`
 * blocks and spans share one context with that SDK's spans. Assumed to follow `await`, as the
 * SDKs' managers (AsyncLocalStorage, Zone) do.
 */
export function adoptContextManager(manager: ContextManager): void {
  installed = { manager, followsAwait: true };
}

/** The installed context manager, installing the runtime's default on first use. */
export function contextManager(): ContextManager {
  return (installed ?? installContextManager()).manager;
}

/** Whether the installed context manager carries context across `await` by itself. */
export function contextFollowsAwait(): boolean {
  return (installed ?? installContextManager()).followsAwait;
}
