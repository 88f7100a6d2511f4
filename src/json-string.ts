/**
 * Serializes any value to JSON without throwing: circular references become "[Circular]", bigints
 * their decimal string, functions and symbols are left out as `JSON.stringify` leaves them, and a
 * getter that throws or a hostile `toJSON` yields "[Unserializable]" for that value only.
 */
export function toJsonString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // The slow path, only for values JSON.stringify refuses.
  }
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, function replaceUnserializable(this: unknown, _key, item: unknown) {
        if (typeof item === 'bigint') return item.toString();
        if (item !== null && typeof item === 'object') {
          if (seen.has(item)) return '[Circular]';
          seen.add(item);
        }
        return item;
      }) ?? 'null'
    );
  } catch {
    return '"[Unserializable]"';
  }
}
