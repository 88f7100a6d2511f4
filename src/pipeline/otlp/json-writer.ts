const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

// What JSON.stringify escapes: quote, backslash, control characters and lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// What it escapes besides quotes, backslashes and newlines.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
const NEEDS_STRINGIFY = /[\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;

/**
 * JSON text written as UTF-8 into one growing buffer: the bytes `TextEncoder` makes of
 * `JSON.stringify`'s text. Short text gathers in `text` and is encoded in one call; a long string
 * (a prompt, a reply) is encoded on its own, so the text around it stays short and one byte a
 * character, and the prompt is never copied into one string with the rest.
 */
export class JsonWriter {
  bytes = EMPTY;
  length = 0;
  /** JSON text appended and not yet encoded. */
  text = '';

  constructor(capacity: number) {
    // Allocated by growing, so the growing code runs from the first body: a batch of one never grows
    // its body, and the first batch that did would otherwise have the encoder compiled again.
    this.reserve(capacity);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Encodes the pending text. */
  flush(): void {
    this.#encode(this.text);
    this.text = '';
  }

  /**
   * Appends `prefix`, then `value` as the inside of a JSON string (what JSON.stringify writes between
   * its quotes); nothing for an undefined value, a member JSON.stringify leaves out. The quotes are
   * in the text around it, so a string is one piece of the pending text, not three.
   */
  quoted(prefix: string, value: string | undefined): void {
    if (value === undefined) return;
    this.text += prefix;
    if (value.length < 128) {
      this.text += NEEDS_ESCAPE.test(value) ? JSON.stringify(value).slice(1, -1) : value;
      return;
    }
    this.flush();
    // A prompt's quotes, backslashes and newlines are escaped by three native searches, in half the
    // time JSON.stringify takes to copy it a character at a time.
    this.#encode(
      NEEDS_STRINGIFY.test(value)
        ? JSON.stringify(value).slice(1, -1)
        : value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n'),
    );
  }

  #encode(text: string): void {
    // Room for one byte a character first: JSON of spans is mostly ASCII. Where it is not,
    // encodeInto stops at the end of the room, and the rest is encoded after the buffer grows.
    for (let rest = text, room = rest.length; rest !== ''; room = rest.length * 3) {
      this.reserve(room);
      const { read, written } = utf8.encodeInto(rest, this.bytes.subarray(this.length));
      this.length += written;
      rest = rest.slice(read);
    }
  }
}
