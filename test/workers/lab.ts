// The workerd side of the lab server (see global-setup.ts): each test file opens its own OTLP sink
// and OpenAI stand-in on 127.0.0.1 and reads back what they received.
import { inject } from 'vitest';
import type { RecordedRequest, StandInOptions } from '../fixtures/openai-stand-in.js';
import type { ReceivedSpan } from '../fixtures/otlp-sink.js';
import type { DecodedRequest as SinkRequest } from '../fixtures/workers/sink-bodies.js';

/** A span the sink received; a request the stand-in received; a POST the sink received (body gunzipped). */
export type { ReceivedSpan, RecordedRequest, SinkRequest };

/** A local OTLP/HTTP JSON collector, seen from inside workerd. */
export interface LabSink {
  /** Base URL to pass as `endpoint` (the exporter appends `/v1/traces`). */
  url: string;
  /** Every span received so far, attributes decoded to plain values. */
  spans(): Promise<ReceivedSpan[]>;
  /** Every request received so far. */
  requests(): Promise<SinkRequest[]>;
}

/** The local OpenAI stand-in, seen from inside workerd. */
export interface LabStandIn {
  /** Base URL ending in `/v1`. */
  url: string;
  requests(): Promise<RecordedRequest[]>;
  /** The exact bytes the stand-in wrote as the body of request `index`. */
  sentBytes(index: number): Promise<Uint8Array>;
  /** With `streamGate`: resolves with a request index once its stream is held after its first event. */
  gateReached(): Promise<number>;
  /** With `streamGate`: lets one held stream go on. */
  release(): Promise<void>;
}

async function call(path: string, method = 'GET', body?: unknown): Promise<Response> {
  const init = body === undefined ? { method } : { method, body: JSON.stringify(body) };
  const response = await fetch(`${inject('labUrl')}${path}`, init);
  if (!response.ok) throw new Error(`lab ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

async function getJson<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  return (await call(path, method, body)).json() as Promise<T>;
}

/** Starts a fresh OTLP sink for this test file. */
export async function openSink(): Promise<LabSink> {
  const { id, url } = await getJson<{ id: number; url: string }>('/sinks', 'POST');
  return {
    url,
    spans: () => getJson(`/sinks/${id}/spans`),
    requests: () => getJson(`/sinks/${id}/requests`),
  };
}

/** Starts a fresh OpenAI stand-in (options as in test/fixtures/openai-stand-in.ts). */
export async function openStandIn(options: StandInOptions = {}): Promise<LabStandIn> {
  const { id, url } = await getJson<{ id: number; url: string }>('/stand-ins', 'POST', options);
  return {
    url,
    requests: () => getJson(`/stand-ins/${id}/requests`),
    sentBytes: async (index) => new Uint8Array(await (await call(`/stand-ins/${id}/sent/${index}`)).arrayBuffer()),
    gateReached: async () => (await getJson<{ index: number }>(`/stand-ins/${id}/gate-reached`, 'POST')).index,
    release: async () => {
      await call(`/stand-ins/${id}/release`, 'POST');
    },
  };
}

/** A 127.0.0.1 URL that answers any request with 200 `ok`: for generic fetches, which make no span. */
export function plainUrl(): string {
  return `${inject('labUrl')}/plain`;
}

/** A provider stand-in (Anthropic, Gemini, Workers AI REST; test/fixtures/*-stand-in.ts), seen from inside workerd. */
export interface LabProviderStandIn {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests(): Promise<Array<{ url: string; headers: Record<string, string>; body: unknown }>>;
  /** The exact bytes the stand-in wrote as the body of request `index`. */
  sentBytes(index: number): Promise<Uint8Array>;
}

/** Starts a fresh provider stand-in of `kind` for this test file. */
export async function openProviderStandIn(kind: 'anthropic' | 'gemini' | 'workers-ai'): Promise<LabProviderStandIn> {
  const { id, url } = await getJson<{ id: number; url: string }>(`/providers/${kind}`, 'POST');
  return {
    url,
    requests: () => getJson(`/providers/${id}/requests`),
    sentBytes: async (index) => new Uint8Array(await (await call(`/providers/${id}/sent/${index}`)).arrayBuffer()),
  };
}
