import { SseStreamRecorder } from '../recorder/stream-recorder.js';
import { createStreamAccumulator } from './operation-attributes.js';
import type { OpenAiOperation } from './routes.js';

/**
 * The stream recorder of one OpenAI operation: {@link SseStreamRecorder} over its accumulator.
 *
 * @example
 * const recorder = new OpenAiStreamRecorder('chat');
 * recorder.push(chunk);
 * recorder.end();
 * span.setAttributes(recorder.attributes());
 */
export class OpenAiStreamRecorder extends SseStreamRecorder {
  /**
   * @example
   * const recorder = new OpenAiStreamRecorder('responses');
   */
  constructor(operation: OpenAiOperation) {
    super(createStreamAccumulator(operation));
  }
}
