/**
 * Writes what extraction makes of every PDF it can find, one JSON file per PDF, so a change to
 * the PDF path (our code, pdf.js flags, the pdf.js patch in patches/) can be shown to leave the
 * output byte-identical: snapshot before, snapshot after, `diff -r` the two folders.
 *
 *   npx tsx scripts/extraction-snapshot.ts OUT_DIR [more PDFs or folders…]
 *
 * Reads fixtures/, the shared corpus (all folders), the eval's rendered samples and the bench
 * corpus (bench/out/extract-corpus, when generated), plus whatever is named on the command line.
 * Each JSON holds three views of the file:
 *  - `document`: extractDocument's result (or its error), what the pipeline stores;
 *  - `textContent`: pdf.js's getTextContent() items and styles per page at full float precision,
 *    with the options extraction uses, because `document` rounds positions to 0.01 pt and could
 *    hide a drift;
 *  - `recoverable`: findRecoverableText's result (the redaction check reads getTextContent too).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMaxPages, extractDocument } from '../src/extraction/extract-document.ts';
import { restoreNativeBuiltins } from '../src/extraction/native-builtins.ts';
import { loadPdfJs, textOnlyDocumentOptions } from '../src/extraction/pdfjs.ts';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultSources = [
  path.join(repoRoot, 'fixtures'),
  '/work/shared/corpus',
  '/work/shared/eval/samples/rendered',
  path.join(repoRoot, 'bench', 'out', 'extract-corpus'),
];

function pdfsUnder(source: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(source);
  } catch {
    return [];
  }
  if (stat.isFile()) return source.toLowerCase().endsWith('.pdf') ? [source] : [];
  return readdirSync(source)
    .sort()
    .flatMap((entry) => pdfsUnder(path.join(source, entry)));
}

/** Errors become data, so a file that fails must fail the same way after the change. */
async function settle<T>(work: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await work();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function rawTextContent(bytes: Uint8Array) {
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument({ data: bytes.slice(), ...textOnlyDocumentOptions(pdfjs) }).promise;
  try {
    const pages: unknown[] = [];
    const last = Math.min(doc.numPages, defaultMaxPages);
    for (let number = 1; number <= last; number++) {
      const page = await doc.getPage(number).catch(() => null);
      if (!page) break;
      pages.push(await settle(() => page.getTextContent()));
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

async function main() {
  const [outDir, ...extra] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: npx tsx scripts/extraction-snapshot.ts OUT_DIR [more PDFs or folders…]');
    process.exit(2);
  }
  const { findRecoverableText } = await import('../src/redaction/recoverable-text.ts');
  restoreNativeBuiltins();
  const files = [...new Set([...defaultSources, ...extra].flatMap(pdfsUnder))];
  mkdirSync(outDir, { recursive: true });
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const snapshot = {
      document: await settle(() => extractDocument(bytes, 'pdf')),
      textContent: await settle(() => rawTextContent(bytes)),
      recoverable: await settle(() => findRecoverableText(bytes, 'pdf')),
    };
    const name = path.resolve(file).replace(/^\//, '').replaceAll('/', '__');
    // pdf.js names fonts after a process-wide document counter (g_d12_f1): a change that opens more
    // or fewer documents per file renumbers them without changing anything read.
    const json = JSON.stringify(snapshot, null, 1).replace(/"g_d\d+_/g, '"g_dN_');
    writeFileSync(path.join(outDir, `${name}.json`), `${json}\n`);
  }
  console.log(`${files.length} PDFs written to ${outDir}`);
}

await main();
