import { readFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import type { FileAnalyser } from './process-submission.ts';

/** Interim: plain text read in-process until the sandboxed parsers land. */
export function createFileAnalyser(_config: Config): FileAnalyser & { close(): Promise<void> } {
  return {
    async analyse(path, format) {
      if (format !== 'txt') return { ok: false, message: 'not yet supported' };
      const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
      return {
        ok: true,
        recoverable: [],
        document: {
          format: 'txt',
          pagesAreReal: true,
          hasPageNumberField: false,
          pages: text.split('\f').map((pageText, i) => ({
            number: i + 1,
            width: null,
            height: null,
            hasTextLayer: pageText.trim().length > 0,
            lines: pageText.split(/\r?\n/).map((line) => ({
              text: line,
              fontSizePt: null,
              bold: false,
              headingLevel: null,
              part: 'body' as const,
              x: null,
              y: null,
              height: null,
            })),
          })),
        },
      };
    },
    async close() {},
  };
}
