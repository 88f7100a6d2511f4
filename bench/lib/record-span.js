// The span both span-path figures time: start, ten mixed attributes, end. Written out (no loop) so
// the timing is of the tracer's calls, the same for every tool.
import { MIXED_ATTRIBUTES } from './attributes.js';

const [A, B, C, D, E, F, G, H, I, J] = MIXED_ATTRIBUTES;

/** One span through a tracer: start, ten attributes, end. */
export function recordSpan(tracer) {
  const span = tracer.startSpan('ChatCompletion');
  span.setAttribute(A[0], A[1]);
  span.setAttribute(B[0], B[1]);
  span.setAttribute(C[0], C[1]);
  span.setAttribute(D[0], D[1]);
  span.setAttribute(E[0], E[1]);
  span.setAttribute(F[0], F[1]);
  span.setAttribute(G[0], G[1]);
  span.setAttribute(H[0], H[1]);
  span.setAttribute(I[0], I[1]);
  span.setAttribute(J[0], J[1]);
  span.end();
}
