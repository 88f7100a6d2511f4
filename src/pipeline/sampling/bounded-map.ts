/**
 * A `Map` that forgets its oldest entries past `capacity`, for per-trace bookkeeping that must not
 * grow with traffic.
 *
 * @example
 * const seen = new BoundedMap<string, boolean>(2);
 * seen.set('a', true).set('b', true).set('c', true);
 * seen.has('a'); // false
 */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #capacity: number;

  constructor(capacity: number) {
    super();
    this.#capacity = Math.max(1, capacity);
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.#capacity) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
