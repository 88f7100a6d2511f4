import type { Link } from '@opentelemetry/api';
import { type BaggageIdentity, parseTraceparent, type RequestIdentity } from '../../adapter-api.js';
import { identityOf, openQueueEnvelope, type TraceCarrier } from './trace-carrier.js';

/** A queue message as the consumer sees it (the part the wrapper reads). */
interface MessageLike {
  readonly id?: string;
  readonly body: unknown;
}

/** What a consumed batch tells the consumer's span: links to the producers, and the parent context. */
export interface OpenedBatch<B> {
  /** The batch with each message's `body` as the producer passed it to `send`. */
  readonly batch: B;
  /** One OTel link per message that came from a traced producer, to the producer's span. */
  readonly links: Link[];
  /** The session and user the producers agree on (none when they differ). */
  readonly identity: RequestIdentity;
}

// A view of `target` whose `name` is `value`; its methods (ack(), retry(), ...) act on the runtime's object.
function viewWith<T extends object>(target: T, name: string, value: unknown): T {
  return new Proxy(target, {
    get(object, key) {
      if (key === name) return value;
      const member: unknown = Reflect.get(object, key, object);
      return typeof member === 'function' ? member.bind(object) : member;
    },
  });
}

function openMessage(message: MessageLike): [MessageLike, TraceCarrier | undefined] {
  const [body, carrier] = openQueueEnvelope(message.body);
  // The opened message's body is the producer's.
  return carrier ? [viewWith(message, 'body', body), carrier] : [message, undefined];
}

function agreed(values: (string | undefined)[]): string | undefined {
  return values.length > 0 && values.every((value) => value === values[0]) ? values[0] : undefined;
}

/**
 * Opens the envelopes a traced producer put around message bodies (see `tracedBindings`): the user
 * sees the bodies they sent, and the consumer's span gets a link to each producer's span. Messages
 * from producers that are not traced pass as they are.
 */
export function openBatch<B extends { readonly messages: readonly unknown[] }>(batch: B): OpenedBatch<B> {
  const links: Link[] = [];
  const identities: BaggageIdentity[] = [];
  const messages = batch.messages.map((message) => {
    const [opened, carrier] = openMessage(message as MessageLike);
    const producer = parseTraceparent(carrier?.traceparent, carrier?.tracestate);
    if (producer) {
      const id = (message as MessageLike).id;
      links.push({ context: producer, attributes: id ? { 'messaging.message.id': id } : {} });
      identities.push(identityOf(carrier));
    }
    return opened;
  });
  const identity = {
    sessionId: agreed(identities.map((i) => i.sessionId)),
    userId: agreed(identities.map((i) => i.userId)),
  };
  if (links.length === 0) return { batch, links, identity };
  return { batch: viewWith(batch, 'messages', messages), links, identity };
}
