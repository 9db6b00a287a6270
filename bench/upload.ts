/**
 * `npm run bench:upload`: streams a 50 MiB PDF through the real server and prints the API process's
 * peak RSS growth (target: under 64 MiB), beside a plain disk copy of the same file as the reference.
 */

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/connection.ts';
import { readDocketFile } from '../src/docket/docket-file.ts';
import { importDocket } from '../src/docket/docket-repository.ts';
import { freshDatabase, mib, rssOf, startService } from './support.ts';

const FILE_MIB = 50;
const work = await mkdtemp(path.join(tmpdir(), 'docket-bench-upload-'));
const pdfPath = path.join(work, 'P_large.pdf');

// A real PDF whose bulk is one large binary stream (as a scanned report's images would be).
async function writeLargePdf(): Promise<number> {
  const out = createWriteStream(pdfPath);
  const size = FILE_MIB * 1048576;
  out.write(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length ${size} >>\nstream\n`,
  );
  const chunk = randomBytes(1048576);
  for (let i = 0; i < FILE_MIB; i++) {
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  out.end('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  await new Promise((r) => out.once('finish', r));
  return size;
}

function uploadStreaming(base: string, docketId: string): Promise<{ status: number; ms: number }> {
  const boundary = `----docketbench${Date.now()}`;
  const head = Buffer.from(
    [
      `--${boundary}\r\nContent-Disposition: form-data; name="submitter_name"\r\n\r\nBench Runner\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nbench@example.com\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="P_large.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ].join(''),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/dockets/${docketId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(pdfPath);
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
  });
}

const size = await writeLargePdf();
const databaseUrl = await freshDatabase('rfi_bench_upload');
// The bench docket is the RFI's with a 64 MiB file limit: a second docket, added as data.
const docket = await readDocketFile('dockets/ita-ita-2025-0070.json');
const benchDocket = {
  ...docket,
  id: 'BENCH-UPLOAD',
  limits: { ...docket.limits, max_file_bytes: 64 * 1048576 },
};
const service = await startService({
  DATABASE_URL: databaseUrl,
  STORAGE_DIR: path.join(work, 'files'),
  QUEUE_PREFIX: 'bench-upload',
});
const db = createDb(databaseUrl, 1);
await importDocket(db, benchDocket);
await db.destroy();

const pid = service.process.pid!;
// Baseline is the idle, ready server; the peak covers the first upload too (lazy module loads included).
await new Promise((r) => setTimeout(r, 500));
const baseline = rssOf(pid);
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, rssOf(pid));
}, 10);
const warm = await uploadStreaming(service.base, benchDocket.id);
const measured = await uploadStreaming(service.base, benchDocket.id);
clearInterval(sampler);
peak = Math.max(peak, rssOf(pid));

const copyStarted = performance.now();
await copyFile(pdfPath, path.join(work, 'copy.pdf'));
const copyMs = performance.now() - copyStarted;

await service.stop();
await rm(work, { recursive: true, force: true });

console.log(`file: ${mib(size)} MiB PDF uploaded twice (HTTP ${warm.status}, ${measured.status})`);
console.log(
  `server RSS: baseline ${mib(baseline)} MiB, peak ${mib(peak)} MiB, growth ${mib(peak - baseline)} MiB (target < 64 MiB)`,
);
console.log(
  `upload: ${(size / 1048576 / (measured.ms / 1000)).toFixed(0)} MiB/s through HTTP, fsync and Postgres; reference plain disk copy ${(size / 1048576 / (copyMs / 1000)).toFixed(0)} MiB/s`,
);
if (warm.status !== 201 || measured.status !== 201) process.exitCode = 1;
