/**
 * Worker process: consumes process-submission jobs and sweeps the outbox. Started by `npm start`
 * beside the API, or on its own with `tsx workers/pipeline-worker.ts`.
 */

import { loadConfig } from '../src/config.ts';
import { startPipelineWorker } from '../src/pipeline/pipeline-worker.ts';

const running = await startPipelineWorker(loadConfig());
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by npm start as a child: go when the parent goes.
process.once('disconnect', stop);
