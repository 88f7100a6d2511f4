/**
 * `text` as a string of its own. V8 makes a slice of a long string point into the original, so the
 * first 256 characters of a 100 KB prompt would keep all 100 KB alive, out of sight of the byte
 * budget. A JSON round trip copies exactly, lone surrogates included, and runs natively; it is paid
 * only when a value is cut.
 *
 * @example
 * ownString('a'.repeat(100_000).slice(0, 256)).length; // 256, holding 256 characters, not 100,000
 */
export function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
