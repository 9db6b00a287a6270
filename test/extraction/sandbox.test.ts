import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseFileIsolated, ExtractionPool, ExtractionSandbox } from '../../src/extraction/sandbox.ts';
import { fixturesDir, oddPdfsDir } from './fixtures.ts';

const freeculture = path.join(oddPdfsDir, 'freeculture.pdf');
const small = path.join(fixturesDir, 'pdf-12pt-page-numbers-footer.pdf');
const noRedactions = { analyseRedactions: false };

describe('extraction sandbox', () => {
  const sandboxes: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(sandbox: T) => {
    sandboxes.push(sandbox);
    return sandbox;
  };
  afterAll(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  });

  it('stops a file that overruns its time, says so permanently, and reads the next file in a fresh child', async () => {
    const sandbox = track(new ExtractionSandbox({ timeoutMs: 300, maxHeapMb: 256 }));
    // Warm the child first, so the limit is spent on the file, not on starting the process.
    expect((await sandbox.analyse(small, 'pdf', noRedactions)).ok).toBe(true);
    expect(await sandbox.analyse(freeculture, 'pdf', noRedactions)).toMatchObject({
      ok: false,
      permanent: true,
      message:
        'This PDF took too long to read and was stopped. Save it again (for a PDF, "Print to PDF" often helps) and upload the new copy.',
    });
    const next = await sandbox.analyse(small, 'pdf', noRedactions);
    expect(next.ok && next.document.pages.length).toBe(3);
  });

  it('reports a file that exhausts the heap cap as needing too much memory, and reads the next file', async () => {
    // freeculture.pdf peaks at 24-28 MB of heap since the pdf.js patch, the small file reads in 18: 20 sits between.
    const sandbox = track(new ExtractionSandbox({ timeoutMs: 60_000, maxHeapMb: 20 }));
    expect(await sandbox.analyse(freeculture, 'pdf', noRedactions)).toMatchObject({
      ok: false,
      permanent: true,
      message:
        'This file needed more memory to read than we allow and was stopped. Save it again, or split it into smaller files, and upload those.',
    });
    expect((await sandbox.analyse(small, 'pdf', noRedactions)).ok).toBe(true);
  });

  it('answers a missing file as a transient failure, to be retried', async () => {
    const sandbox = track(new ExtractionSandbox({ timeoutMs: 10_000, maxHeapMb: 256 }));
    expect(
      await sandbox.analyse(path.join(fixturesDir, 'no-such-file.pdf'), 'pdf', noRedactions),
    ).toMatchObject({
      ok: false,
      permanent: false,
    });
  });

  it('runs the redaction detector only when asked', async () => {
    const sandbox = track(new ExtractionSandbox({ timeoutMs: 60_000, maxHeapMb: 256 }));
    const without = await sandbox.analyse(small, 'pdf', noRedactions);
    const withIt = await sandbox.analyse(small, 'pdf', { analyseRedactions: true });
    expect(without.ok && without.recoverable).toBeNull();
    expect(withIt.ok && withIt.recoverable).toEqual([]);
  });

  it('reads DOCX and TXT through the same child', async () => {
    const sandbox = track(new ExtractionSandbox({ timeoutMs: 10_000, maxHeapMb: 256 }));
    const docx = await sandbox.analyse(
      path.join(fixturesDir, 'docx-header-footer-page-field-page-breaks.docx'),
      'docx',
      noRedactions,
    );
    const txt = await sandbox.analyse(path.join(fixturesDir, 'txt-form-feed-pages.txt'), 'txt', noRedactions);
    expect(docx.ok && docx.document.pages.length).toBe(3);
    expect(txt.ok && txt.document.pages.length).toBe(3);
  });

  it('a pool reads files side by side and answers each caller with its own file', async () => {
    const pool = track(new ExtractionPool(2, { timeoutMs: 60_000, maxHeapMb: 256 }));
    const names = [
      'pdf-12pt-page-numbers-footer.pdf',
      'pdf-image-only-second-page.pdf',
      'pdf-12pt-no-caption-no-page-numbers.pdf',
    ];
    const results = await Promise.all(
      names.map((name) => pool.analyse(path.join(fixturesDir, name), 'pdf', noRedactions)),
    );
    expect(results.map((result) => result.ok && result.document.pages.length)).toEqual([3, 2, 2]);
    expect(pool.peakRssBytes).toBeGreaterThan(0);
  });

  it('analyseFileIsolated reads one file in a child of its own', async () => {
    const result = await analyseFileIsolated(small, 'pdf', {
      timeoutMs: 60_000,
      maxHeapMb: 256,
      analyseRedactions: false,
    });
    expect(result.ok && result.document.pages.map((page) => page.number)).toEqual([1, 2, 3]);
  });
});
