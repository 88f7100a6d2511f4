/** One dispatched Server-Sent Event. `event` is absent when the stream gave no `event:` field. */
export interface SseEvent {
  event?: string;
  data: string;
}

const LF = 10;
const CR = 13;

/**
 * An incremental Server-Sent-Events parser following the WHATWG event-stream rules: bytes may be
 * split anywhere (inside a UTF-8 sequence, a field, a `\r\n` pair), lines may end in `\r\n`, `\n`
 * or `\r`, comment lines are ignored, several `data:` lines join with `\n`. It never throws: invalid
 * UTF-8 becomes U+FFFD and unknown fields are ignored.
 *
 * @example
 * const reader = new SseReader();
 * reader.push(new TextEncoder().encode('data: {"a":1}\n\n')); // [{ data: '{"a":1}' }]
 */
export class SseReader {
  // A leading BOM is dropped by TextDecoder itself, as the event-stream rules require.
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';
  // Where to resume looking for a line end in `buffer`: the text before it holds none.
  #scanFrom = 0;
  // A chunk ended in '\r': a '\n' starting the next chunk belongs to the same line end.
  #skipLeadingLf = false;
  #eventType = '';
  #data = '';
  #hasData = false;

  /**
   * Feeds bytes; returns the events completed by them.
   *
   * @example
   * reader.push(bytes).forEach((e) => console.log(e.data));
   */
  push(chunk: Uint8Array): SseEvent[] {
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      return [];
    }
    return this.pushText(text);
  }

  /**
   * Feeds already decoded text; returns the events completed by it.
   *
   * @example
   * reader.pushText('data: hi\n\n'); // [{ data: 'hi' }]
   */
  pushText(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    if (text.length === 0) return events;
    if (this.#skipLeadingLf) {
      this.#skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    this.#buffer = this.#buffer.length === 0 ? text : this.#buffer + text;
    let lineStart = 0;
    const buffer = this.#buffer;
    for (let i = this.#scanFrom; i < buffer.length; i++) {
      const code = buffer.charCodeAt(i);
      if (code !== LF && code !== CR) continue;
      this.#processLine(buffer.slice(lineStart, i), events);
      if (code === CR) {
        if (i + 1 === buffer.length) this.#skipLeadingLf = true;
        else if (buffer.charCodeAt(i + 1) === LF) i++;
      }
      lineStart = i + 1;
    }
    this.#buffer = lineStart === 0 ? buffer : buffer.slice(lineStart);
    this.#scanFrom = this.#buffer.length;
    return events;
  }

  /**
   * Ends the stream: flushes the decoder and dispatches a last event that had no blank line after
   * it. (The WHATWG rules discard such an event; a truncated LLM stream is still worth recording.)
   *
   * @example
   * const last = reader.end();
   */
  end(): SseEvent[] {
    const events = this.pushText(this.#decoder.decode());
    if (this.#buffer.length > 0) this.#processLine(this.#buffer, events);
    this.#buffer = '';
    this.#scanFrom = 0;
    this.#processLine('', events);
    return events;
  }

  #processLine(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      this.#dispatch(events);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return; // a comment, such as ': keep-alive'
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = '';
    if (colon !== -1) {
      const valueStart = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      value = line.slice(valueStart);
    }
    if (field === 'data') {
      this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
      this.#hasData = true;
    } else if (field === 'event') {
      this.#eventType = value;
    }
    // 'id' and 'retry' steer reconnection, which a passive reader never does.
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#hasData) {
      events.push(this.#eventType.length > 0 ? { event: this.#eventType, data: this.#data } : { data: this.#data });
    }
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
  }
}

/**
 * Creates an incremental SSE reader; see {@link SseReader}.
 *
 * @example
 * const reader = createSseReader();
 * for (const event of reader.push(chunk)) handle(event);
 * for (const event of reader.end()) handle(event);
 */
export function createSseReader(): SseReader {
  return new SseReader();
}

/**
 * Parses a whole event stream held in a string.
 *
 * @example
 * readSseEvents('event: ping\ndata: 1\n\ndata: [DONE]\n\n');
 * // [{ event: 'ping', data: '1' }, { data: '[DONE]' }]
 */
export function readSseEvents(text: string): SseEvent[] {
  const reader = new SseReader();
  // A byte stream's BOM is dropped by the TextDecoder; text arrives already decoded.
  const events = reader.pushText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  for (const event of reader.end()) events.push(event);
  return events;
}
