export { type AiSdkProcessorOptions, aiSdkProcessor } from './processor.js';
