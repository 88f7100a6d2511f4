import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 that holds every request until the test lets one through. */
export interface Gate {
  url: string;
  /** Answers the oldest held request, or the next one to arrive. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Starts a gate: a Worker that fetches it between two pieces of a stream cannot produce the next
 * piece before the test has received the previous one, so "piece by piece" needs no clock.
 */
export async function startGate(): Promise<Gate> {
  const held: ServerResponse[] = [];
  let credits = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (credits > 0) {
      credits--;
      res.end('go');
    } else held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    release() {
      const next = held.shift();
      if (next) next.end('go');
      else credits++;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
