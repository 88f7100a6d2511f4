/** Labels counted as thumbs up and thumbs down (case-insensitive); other labels are neither. */
const POSITIVE = new Set([
  'up',
  'thumbs_up',
  'thumbs-up',
  '👍',
  'good',
  'positive',
  'yes',
  'true',
  'correct',
  'helpful',
]);
const NEGATIVE = new Set([
  'down',
  'thumbs_down',
  'thumbs-down',
  '👎',
  'bad',
  'negative',
  'no',
  'false',
  'incorrect',
  'unhelpful',
]);

/**
 * Whether feedback counts as up (+1), down (-1) or neither (0): a score above 0 is up and 0 or below
 * is down (thumbs as 1 and 0, or +1 and -1); a label is up or down when it is one of the usual words.
 */
export function polarity(value: number | string): -1 | 0 | 1 {
  if (typeof value === 'number') return value > 0 ? 1 : -1;
  const label = value.trim().toLowerCase();
  if (POSITIVE.has(label)) return 1;
  if (NEGATIVE.has(label)) return -1;
  return 0;
}
