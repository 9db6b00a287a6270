/**
 * `npm run bench:ingest [-- --documents 1000]`: the whole pipeline, from upload to answerable.
 *
 * Generates (or reuses, under bench/out/ingest-corpus) 1,000 comment documents, two text PDFs to each
 * DOCX, about 12 pages each, grouped into submissions as commenters send them: public P files, files
 * named neither BC nor P, and BC files with their public versions. Starts the real service
 * (`src/start.ts`: API and workers, WORKER_CONCURRENCY as configured, default 2) on a fresh database,
 * uploads every submission over HTTP and times until each is processed, tagged and answerable; then
 * checks through the API that it is. pdftotext reads the same PDFs in the same run as the reference.
 *
 * Target (2-core machine): 1,000 documents in 60 s or less.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildDocx,
  buildPdf,
  CAPTION,
  type DocxParagraphSpec,
  type PdfPageSpec,
} from '../scripts/make-fixtures.ts';
import { createApiToken } from '../src/auth/tokens.ts';
import { createDb } from '../src/db/connection.ts';
import { readDocketFile } from '../src/docket/docket-file.ts';
import { setCommentDeadline } from '../src/docket/docket-repository.ts';
import type { ProcessingTimes } from '../src/pipeline/process-submission.ts';
import { createProducerQueue } from '../src/queue/queues.ts';
import {
  canEmbedDejaVu,
  commentParagraph,
  DEJAVU_FONTS,
  freshDatabase,
  numberOption,
  pick,
  quantile,
  random,
  startService,
} from './support.ts';

const DOCUMENTS = numberOption('documents', 1000);
const UPLOADS_AT_ONCE = numberOption('uploads-at-once', 4);
const CORPUS_VERSION = 1;
const DOCKET_ID = 'ITA-ITA-2025-0070';
const TARGET_S = (60 * DOCUMENTS) / 1000;

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'ingest-corpus');

// ---------------------------------------------------------------- corpus

interface CorpusSubmission {
  fields: Record<string, string>;
  files: { file: string; uploadAs: string; format: 'pdf' | 'docx' }[];
}

interface Manifest {
  version: number;
  documents: number;
  submissions: CorpusSubmission[];
}

const docket = await readDocketFile('dockets/ita-ita-2025-0070.json');
const questions = docket.sections.flatMap((section) =>
  section.questions.map((q) => ({
    number: q.number,
    section: `Section ${section.letter}: ${section.title}`,
    vocabulary: docket.vocabulary[String(q.number)] ?? [],
  })),
);
const TYPES = ['company', 'company', 'trade_association', 'academic', 'civil_society', 'individual'];
const NAMES = ['Avery Chen', 'Jordan Okafor', 'Priya Patel', 'Mateo Garcia', 'Lena Novak', 'Kwame Mensah'];
const ORGS = ['Acme AI', 'Meridian Compute', 'Bluewater Cloud', 'Northstar Energy', 'Atlas Semiconductor'];
const PRICING =
  'Confidential pricing: our committed unit price for the accelerator cluster is 18 percent below list, conditional on a five-year support term and exclusive regional rights.';

/** What one document says, page by page: the questions it answers, each under its own heading. */
function documentPages(next: () => number, pageCount: number, confidential: boolean) {
  const answered = Array.from({ length: 3 + Math.floor(next() * 6) }, () => pick(next, questions))
    .filter((q, i, all) => all.findIndex((o) => o.number === q.number) === i)
    .sort((a, b) => a.number - b.number);
  const pages: { heading?: string; text: string }[][] = [];
  for (let page = 0; page < pageCount; page++) {
    const question = answered[Math.floor((page * answered.length) / pageCount)]!;
    const startsAnswer =
      page === 0 || answered[Math.floor(((page - 1) * answered.length) / pageCount)] !== question;
    const blocks: { heading?: string; text: string }[] = [
      {
        ...(startsAnswer ? { heading: `Question ${question.number}` } : {}),
        text: commentParagraph(next, question.vocabulary, 4),
      },
      { text: commentParagraph(next, question.vocabulary, 4) },
      { text: commentParagraph(next, question.vocabulary, 3) },
    ];
    if (confidential && page % 3 === 1) blocks.push({ text: PRICING });
    pages.push(blocks);
  }
  return pages;
}

async function writeDocument(
  name: string,
  format: 'pdf' | 'docx',
  seed: number,
  marking: 'PUBLIC' | 'BUSINESS CONFIDENTIAL' | null,
): Promise<void> {
  // The BC version and its public version share a seed: the same text, less the confidential lines.
  const next = random(seed);
  const pageCount = 4 + Math.floor(next() * 17);
  const pages = documentPages(next, pageCount, marking === 'BUSINESS CONFIDENTIAL');
  const bytes =
    format === 'pdf'
      ? await buildPdf({
          bodySizePt: 12,
          caption: true,
          ...(marking ? { header: marking } : {}),
          pageNumbers: 'Page N',
          pages: pages.map((blocks): PdfPageSpec => ({ blocks })),
          // A third embed a TrueType subset, as Word's "Save as PDF" does.
          ...(canEmbedDejaVu && seed % 3 === 0 ? { fontFiles: DEJAVU_FONTS } : {}),
        })
      : await buildDocx({
          defaultSizePt: 12,
          sections: [
            {
              ...(marking ? { header: marking } : {}),
              pageNumberField: true,
              breaks: 'page-break',
              pages: pages.map((blocks, page): DocxParagraphSpec[] => [
                ...(page === 0 ? [{ text: CAPTION, bold: true }] : []),
                ...blocks.flatMap((b): DocxParagraphSpec[] => [
                  ...(b.heading ? [{ text: b.heading, heading: 2 as const }] : []),
                  { text: b.text },
                ]),
              ]),
            },
          ],
        });
  writeFileSync(path.join(root, name), bytes);
}

async function corpus(): Promise<Manifest> {
  const manifestPath = path.join(root, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.version === CORPUS_VERSION && manifest.documents === DOCUMENTS) return manifest;
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const manifest: Manifest = { version: CORPUS_VERSION, documents: DOCUMENTS, submissions: [] };
  // Two PDFs to each DOCX, by document number; a BC/P pair takes two consecutive numbers.
  const formatOf = (doc: number) => (doc % 3 === 2 ? 'docx' : 'pdf');
  let doc = 0;
  for (let n = 0; doc < DOCUMENTS; n++) {
    const next = random(0x1a6e57 + n);
    const type = pick(next, TYPES);
    const name = pick(next, NAMES);
    const organization = type === 'individual' ? '' : `${pick(next, ORGS)} ${n}`;
    const fields: Record<string, string> = {
      submitter_name: name,
      email: `${name.split(' ')[0]!.toLowerCase()}.${n}@example.com`,
      submitter_type: type,
      ...(organization ? { organization } : {}),
    };
    const kind = next();
    const files: CorpusSubmission['files'] = [];
    if (kind < 0.2 && doc + 1 < DOCUMENTS) {
      for (const marking of ['BUSINESS CONFIDENTIAL', 'PUBLIC'] as const) {
        const format = formatOf(doc);
        const file = `${String(doc).padStart(4, '0')}.${format}`;
        await writeDocument(file, format, 0x5000 + n, marking);
        files.push({
          file,
          uploadAs: `${marking === 'PUBLIC' ? 'P' : 'BC'}_comments_${n}.${format}`,
          format,
        });
        doc++;
      }
      fields.bc_justification =
        'Our prices and customer terms are trade secrets, exempt from disclosure under 5 U.S.C. 552(b)(4).';
    } else {
      const format = formatOf(doc);
      const file = `${String(doc).padStart(4, '0')}.${format}`;
      await writeDocument(file, format, 0x5000 + n, kind < 0.35 ? null : 'PUBLIC');
      files.push({
        file,
        uploadAs:
          kind < 0.35 ? `Comments of ${organization || name} ${n}.${format}` : `P_response_${n}.${format}`,
        format,
      });
      doc++;
    }
    manifest.submissions.push({ fields, files });
    if (doc % 100 === 0 && files.length > 0) process.stdout.write(`  ${doc} documents written\n`);
  }
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return manifest;
}

// ---------------------------------------------------------------- measuring

/** CPU seconds of this process's waited-for children (fields 16 and 17 of /proc/self/stat). */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Busy and total jiffies of the whole machine, to say how loaded it was while we measured. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3]! + cpu[4]!;
  return { busy: total - idle, total };
}

async function upload(base: string, submission: CorpusSubmission): Promise<{ id: string; token: string }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(submission.fields)) form.append(key, value);
  for (const f of submission.files) {
    form.append('files', new Blob([readFileSync(path.join(root, f.file))]), f.uploadAs);
  }
  const response = await fetch(`${base}/api/v1/dockets/${DOCKET_ID}/submissions`, {
    method: 'POST',
    body: form,
  });
  const body = (await response.json()) as { id: string; receipt_token: string };
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
  return { id: body.id, token: body.receipt_token };
}

/** The worker's "submission processed" log line: its stage times, and how long the job waited. */
interface Processed extends ProcessingTimes {
  submissionId: string;
  queuedMs: number | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  console.log(`Generating or reusing ${DOCUMENTS} documents in ${path.relative(process.cwd(), root)} …`);
  const manifest = await corpus();
  const documents = manifest.submissions.flatMap((s) => s.files);
  const pdfs = documents.filter((d) => d.format === 'pdf');
  const pairs = manifest.submissions.filter((s) => s.files.length === 2).length;
  console.log(
    `${documents.length} documents (${pdfs.length} PDF, ${documents.length - pdfs.length} DOCX) in ${manifest.submissions.length} submissions, ${pairs} of them BC files with their public versions`,
  );

  const work = await mkdtemp(path.join(tmpdir(), 'docket-bench-ingest-'));
  const logFile = path.join(work, 'service.log');
  const databaseUrl = await freshDatabase('rfi_bench_ingest');
  const queuePrefix = 'bench-ingest';
  const stale = createProducerQueue('redis://127.0.0.1:6379', queuePrefix);
  await stale.obliterate({ force: true });
  await stale.close();

  const service = await startService(
    {
      DATABASE_URL: databaseUrl,
      STORAGE_DIR: path.join(work, 'files'),
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'info',
    },
    { logFile },
  );
  const db = createDb(databaseUrl, 2);
  await setCommentDeadline(db, DOCKET_ID, new Date('2100-01-01T00:00:00Z'));
  const analyst = await createApiToken(db, 'analyst', 'bench:ingest analyst');

  // ---- the timed part: upload everything, then wait until every submission is processed
  const machineBefore = machineJiffies();
  const started = performance.now();
  const receipts: { id: string; token: string }[] = [];
  const queue = [...manifest.submissions];
  await Promise.all(
    Array.from({ length: UPLOADS_AT_ONCE }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) receipts.push(await upload(service.base, s));
    }),
  );
  const uploadedMs = performance.now() - started;
  console.log(
    `Uploaded ${receipts.length} submissions in ${seconds(uploadedMs)}; waiting for the pipeline …`,
  );

  let finishedMs = 0;
  let lastReport = 0;
  for (;;) {
    const row = await db
      .selectFrom('submissions')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('id').filterWhere('status', 'in', ['processed', 'failed']).as('done'),
      ])
      .executeTakeFirstOrThrow();
    const elapsed = performance.now() - started;
    if (Number(row.done) === receipts.length) {
      finishedMs = elapsed;
      break;
    }
    if (elapsed - lastReport > 10_000) {
      console.log(`  ${seconds(elapsed)}: ${row.done} of ${receipts.length} submissions processed`);
      lastReport = elapsed;
    }
    if (elapsed > 30 * 60_000) throw new Error('the pipeline did not finish in 30 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  const machineAfter = machineJiffies();
  const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);

  // ---- answerable: every submission says processed to its commenter, and analysts find the answers
  const statuses = await Promise.all(
    receipts.map(async (r) => {
      const response = await fetch(`${service.base}/api/v1/submissions/${r.id}`, {
        headers: { 'x-receipt-token': r.token },
      });
      return ((await response.json()) as { status: string }).status;
    }),
  );
  const staff = { authorization: `Bearer ${analyst}` };
  const counts = (await (
    await fetch(`${service.base}/api/v1/dockets/${DOCKET_ID}/questions`, { headers: staff })
  ).json()) as { items: { number: number; answer_count: number }[] };
  const answered = counts.items.filter((q) => q.answer_count > 0).length;
  const answers = counts.items.reduce((sum, q) => sum + q.answer_count, 0);
  const q17 = (await (
    await fetch(`${service.base}/api/v1/dockets/${DOCKET_ID}/questions/17/answers`, { headers: staff })
  ).json()) as { items: unknown[] };
  const files = await db
    .selectFrom('files')
    .leftJoin('passages', 'passages.file_id', 'files.id')
    .select((eb) => [
      'files.format',
      'files.status',
      'files.page_count',
      eb.fn.count<number>('passages.id').as('passages'),
    ])
    .groupBy(['files.id', 'files.format', 'files.status', 'files.page_count'])
    .execute();
  await db.destroy();
  await service.stop();

  const pages = files.reduce((sum, f) => sum + (f.page_count ?? 0), 0);
  const pdfPages = files.filter((f) => f.format === 'pdf').reduce((sum, f) => sum + (f.page_count ?? 0), 0);
  const failedFiles = files.filter((f) => f.status !== 'processed').length;
  const withoutPassages = files.filter((f) => Number(f.passages) === 0).length;
  const processed = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"submission processed"'))
    .map((line) => JSON.parse(line) as Processed);

  // ---- reference: pdftotext over the same PDFs, one process at a time, after the pipeline is done
  let popplerWall = 0;
  let popplerCpu = 0;
  const havePoppler = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
  if (havePoppler) {
    const cpuBefore = childrenCpuSeconds();
    const popplerStarted = performance.now();
    for (const pdf of pdfs) {
      const run = spawnSync('pdftotext', ['-q', path.join(root, pdf.file), '-'], {
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      if (run.status !== 0) throw new Error(`pdftotext failed on ${pdf.file}`);
    }
    popplerWall = (performance.now() - popplerStarted) / 1000;
    popplerCpu = childrenCpuSeconds() - cpuBefore;
  }
  await rm(work, { recursive: true, force: true });

  // ---- report
  const wallS = finishedMs / 1000;
  console.log(
    `\nAll ${receipts.length} submissions (${documents.length} documents, ${pages.toLocaleString('en-US')} pages) processed, tagged and answerable ${seconds(finishedMs)} after the first upload began.`,
  );
  console.log(
    `  pipeline          ${(documents.length / wallS).toFixed(1)} documents/s   ${(pages / wallS).toFixed(0)} pages/s   (wall, upload included; WORKER_CONCURRENCY default)`,
  );
  if (havePoppler) {
    console.log(
      `  pdftotext         ${(pdfPages / popplerWall).toFixed(0)} pages/s wall, one process at a time   ${(pdfPages / popplerCpu).toFixed(0)} pages per CPU second   (${pdfs.length} PDFs, ${pdfPages.toLocaleString('en-US')} pages)`,
    );
  } else {
    console.log('  pdftotext         not installed (apt-get install -y poppler-utils): no reference');
  }
  console.log(
    `  target            ${TARGET_S} s for ${DOCUMENTS} documents: ${wallS <= TARGET_S ? 'met' : 'MISSED'}   (machine ${(100 * machineBusy).toFixed(0)}% busy on average during the run, other work included; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log(
    `  checks            ${statuses.filter((s) => s === 'processed').length} of ${statuses.length} submissions say "processed" to their commenter; ${failedFiles} files failed; ${withoutPassages} files without passages; analysts see ${answers.toLocaleString('en-US')} answers over ${answered} questions, ${q17.items.length} on the first page of Question 17`,
  );

  const sum = (key: keyof Processed) => processed.reduce((total, p) => total + Number(p[key] ?? 0), 0);
  const worked = sum('totalMs');
  const share = (ms: number) =>
    `${seconds(ms).padStart(8)}  ${((100 * ms) / worked).toFixed(0).padStart(3)}%`;
  const queued = processed.map((p) => p.queuedMs ?? 0);
  console.log(
    `\nWhere the time went (worker wall time summed over ${processed.length} submissions, ${
      processed.length > 0 ? 'two at a time by default' : 'no worker log lines found'
    }):`,
  );
  console.log(
    `  upload over HTTP              ${seconds(uploadedMs).padStart(8)}  (bench side, ${UPLOADS_AT_ONCE} at a time, overlapping the pipeline)`,
  );
  console.log(`  extraction (sandbox)          ${share(sum('extractMs'))}`);
  console.log(`  segmenting and tagging        ${share(sum('tagMs'))}`);
  console.log(`  DB writes (pages, passages)   ${share(sum('storeMs'))}`);
  console.log(`  findings (checks and writes)  ${share(sum('findingsMs'))}`);
  console.log(
    `  other (status, setup)         ${share(worked - sum('extractMs') - sum('tagMs') - sum('storeMs') - sum('findingsMs'))}`,
  );
  console.log(
    `  queue wait per submission     p50 ${seconds(quantile(queued, 0.5))}, p95 ${seconds(quantile(queued, 0.95))}, max ${seconds(Math.max(0, ...queued))}`,
  );
  console.log(
    `\nbench_ingest seconds=${wallS.toFixed(1)} documents_per_s=${(documents.length / wallS).toFixed(1)} pages_per_s=${(pages / wallS).toFixed(0)} pdftotext_pages_per_s=${havePoppler ? (pdfPages / popplerWall).toFixed(0) : 'n/a'}`,
  );
  if (statuses.some((s) => s !== 'processed') || answers === 0) process.exitCode = 1;
}

await main();
// The producer queue's Redis connection stays open (BullMQ leaves it to its creator); nothing else is left.
process.exit(process.exitCode ?? 0);
