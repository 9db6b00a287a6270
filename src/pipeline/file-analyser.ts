import type { Config } from '../config.ts';
import { ExtractionPool } from '../extraction/sandbox.ts';
import type { FileAnalyser } from './process-submission.ts';

/** The parsers, run in a pool of sandboxed child processes sized to the worker's concurrency. */
export function createFileAnalyser(config: Config): FileAnalyser & { close(): Promise<void> } {
  const pool = new ExtractionPool(config.WORKER_CONCURRENCY, {
    timeoutMs: config.EXTRACTION_TIMEOUT_MS,
    maxHeapMb: config.EXTRACTION_MAX_HEAP_MB,
  });
  return {
    async analyse(path, format, options) {
      const result = await pool.analyse(path, format, { analyseRedactions: options.findRedactions });
      if (result.ok) return { ok: true, document: result.document, recoverable: result.recoverable ?? [] };
      return { ok: false, permanent: result.permanent, message: result.message };
    },
    close: () => pool.close(),
  };
}
