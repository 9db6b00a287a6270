import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
export const oddPdfsDir = '/work/shared/corpus/odd-pdfs';

export const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(fixturesDir, name)));
