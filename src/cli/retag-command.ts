import { parseArgs } from 'node:util';
import type { Db } from '../db/connection.ts';
import { docketExists } from '../docket/docket-repository.ts';
import { DEFAULT_BATCH_FILES, type RetagProgress, retagPassages } from '../tagging/retag-passages.ts';

/**
 * `npm run cli -- retag [--docket ID] [--batch FILES]`: re-tags every stored passage with the current
 * tagger after it changes, from stored text. Progress goes to stderr, the summary is the result line.
 */
export async function retagCommand(db: Db, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { docket: { type: 'string' }, batch: { type: 'string' } } });
  const batchFiles = values.batch === undefined ? DEFAULT_BATCH_FILES : Number(values.batch);
  if (!Number.isInteger(batchFiles) || batchFiles < 1)
    throw new Error('--batch takes a whole number of files per batch (default 500)');
  if (values.docket !== undefined && !(await docketExists(db, values.docket)))
    throw new Error(`no docket "${values.docket}"`);
  const summary = await retagPassages(db, {
    docketId: values.docket,
    batchFiles,
    onProgress: (p) => console.error(progressLine(p)),
  });
  return `Re-tagged ${n(summary.passages)} passages in ${n(summary.files)} files of ${summary.dockets.length} docket(s): ${n(summary.changed)} changed, ${n(summary.tags)} tags now; ${summary.seconds.toFixed(1)} s (${rate(summary)} passages/s).`;
}

function progressLine(p: RetagProgress): string {
  return `retag ${p.docketId}: ${n(p.files)}/${n(p.filesTotal)} files, ${n(p.passages)}/${n(p.passagesTotal)} passages, ${n(p.changed)} changed, ${rate(p)} passages/s`;
}

const n = (x: number) => x.toLocaleString('en-US');
const rate = (done: { passages: number; seconds: number }) =>
  n(done.seconds > 0 ? Math.round(done.passages / done.seconds) : 0);
