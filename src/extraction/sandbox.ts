import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecoverableText } from '../redaction/recoverable-text.ts';
import { defaultMaxPages } from './extract-document.ts';
import type { DocumentFormat, ExtractedDocument } from './extracted-document.ts';
import { extractionMessages } from './extraction-error.ts';
import type { SandboxReply, SandboxRequest } from './sandbox-protocol.ts';

/*
 * Parsers meet hostile input: a PDF can loop pdf.js for minutes or inflate to gigabytes. Each
 * file is read in a child process with a capped heap, killed when it overruns its time, and
 * the child is reused for the next file while it stays healthy (starting one, with tsx and
 * pdf.js loaded, costs about a second). A child that timed out, crashed or grew too large is
 * discarded and the next file gets a fresh one, so one bad file never poisons another.
 */

export interface SandboxOptions {
  /** A file taking longer is stopped and reported as permanently unreadable. */
  timeoutMs: number;
  /** --max-old-space-size of the child; a file needing more crashes only the child. */
  maxHeapMb: number;
  /** PDF pages read at most (never trust /Count). */
  maxPages?: number;
  /** Replace the child after this many files, so caches and fragmentation cannot build up. Default 500. */
  recycleAfterFiles?: number;
  /** Replace the child after a file that left its resident memory above this. Default maxHeapMb + 128. */
  recycleAboveRssMb?: number;
}

export interface AnalyseOptions {
  /** Also look for text hidden under redaction boxes (public files); loads a renderer in the child. */
  analyseRedactions: boolean;
}

export type SandboxResult =
  | {
      ok: true;
      document: ExtractedDocument;
      /** null unless analyseRedactions was asked for. */
      recoverable: RecoverableText[] | null;
      /** CPU time the child spent on this file, for logs and the benchmark. */
      cpuMs: number;
    }
  | {
      ok: false;
      /** true: the same file will fail again (fail the job at once); false: retry later. */
      permanent: boolean;
      /** For the commenter. */
      message: string;
      /** For the log only. */
      detail?: string;
    };

// The child starts from plain JavaScript that loads pdf.js natively, then registers tsx for
// the TypeScript (see sandbox-worker-boot.mjs for the measured reason).
const workerPath = fileURLToPath(new URL('./sandbox-worker-boot.mjs', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

const formatNames: Record<DocumentFormat, string> = { pdf: 'PDF', docx: 'Word file', txt: 'text file' };

/** One child process reading one file at a time. */
export class ExtractionSandbox {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private filesInChild = 0;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Largest resident set any child of this sandbox reached, in bytes. */
  peakRssBytes = 0;

  constructor(private readonly options: SandboxOptions) {}

  /** Files are read one after another; concurrent calls wait their turn. */
  analyse(filePath: string, format: DocumentFormat, options: AnalyseOptions): Promise<SandboxResult> {
    const run = this.queue.then(() => this.runOne(path.resolve(filePath), format, options));
    this.queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.discardChild();
  }

  private async runOne(
    filePath: string,
    format: DocumentFormat,
    options: AnalyseOptions,
  ): Promise<SandboxResult> {
    if (this.closed) throw new Error('The extraction sandbox is closed');
    let child: ChildProcess;
    try {
      child = await this.startedChild();
    } catch (error) {
      this.discardChild();
      return {
        ok: false,
        permanent: false,
        message: extractionMessages.readerCrashed,
        detail: String(error),
      };
    }
    const request: SandboxRequest = {
      id: this.nextId++,
      path: filePath,
      format,
      analyseRedactions: options.analyseRedactions,
      maxPages: this.options.maxPages ?? defaultMaxPages,
    };
    const reply = await this.exchange(child, request, format);
    this.filesInChild++;
    if ('maxRssBytes' in reply) {
      this.peakRssBytes = Math.max(this.peakRssBytes, reply.maxRssBytes);
      const rssLimit = (this.options.recycleAboveRssMb ?? this.options.maxHeapMb + 128) * 1024 * 1024;
      if (reply.maxRssBytes > rssLimit || this.filesInChild >= (this.options.recycleAfterFiles ?? 500))
        this.discardChild();
    }
    if (reply.ok)
      return { ok: true, document: reply.document, recoverable: reply.recoverable, cpuMs: reply.cpuMs };
    return {
      ok: false,
      permanent: reply.permanent,
      message: reply.message,
      ...(reply.detail ? { detail: reply.detail } : {}),
    };
  }

  /** Sends one request and waits for its answer, the time limit, or the child's death, whichever comes first. */
  private exchange(
    child: ChildProcess,
    request: SandboxRequest,
    format: DocumentFormat,
  ): Promise<SandboxReply | Extract<SandboxResult, { ok: false }>> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: SandboxReply | Extract<SandboxResult, { ok: false }>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: SandboxReply) => {
        if (reply.id === request.id) finish(reply);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.forgetChild(child);
        // V8 aborts (SIGABRT, or exit 134 via a shell) when the capped heap is exhausted.
        const outOfMemory = signal === 'SIGABRT' || code === 134;
        finish({
          ok: false,
          permanent: true,
          message: outOfMemory ? extractionMessages.tooMuchMemory : extractionMessages.readerCrashed,
          detail: `reader process exited (code ${code}, signal ${signal})`,
        });
      };
      const timer = setTimeout(() => {
        this.discardChild();
        finish({
          ok: false,
          permanent: true,
          message: extractionMessages.tooSlow(formatNames[format]),
          detail: `stopped after ${this.options.timeoutMs} ms`,
        });
      }, this.options.timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request, (error) => {
        if (error)
          finish({
            ok: false,
            permanent: false,
            message: extractionMessages.readerCrashed,
            detail: String(error),
          });
      });
    });
  }

  private startedChild(): Promise<ChildProcess> {
    if (this.child && this.ready) return this.ready;
    const child = fork(workerPath, [], {
      // pdf.js allocates a small array per glyph run; a 32 MiB young generation and GC on the
      // main thread only (the pool gives each child one core) measured ~1.5x pages per CPU second.
      execArgv: [
        `--max-old-space-size=${this.options.maxHeapMb}`,
        '--max-semi-space-size=32',
        '--single-threaded-gc',
      ],
      serialization: 'advanced',
      // pdf.js prints its warnings about malformed files on stdout; they are noise in the service log.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child = child;
    this.filesInChild = 0;
    this.ready = new Promise<ChildProcess>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error('the reader process did not start in time')),
        STARTUP_TIMEOUT_MS,
      );
      const onMessage = (message: unknown) => {
        if ((message as { ready?: boolean }).ready !== true) return;
        cleanup();
        resolve(child);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        fail(new Error(`the reader process exited while starting (code ${code}, signal ${signal})`));
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', fail);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('error', fail);
    });
    // A child that dies between files is simply replaced on the next one; its channel errors
    // (a send to a child that just died) surface as that exit, never as a crash of this process.
    child.once('exit', () => this.forgetChild(child));
    child.on('error', () => {});
    return this.ready;
  }

  private forgetChild(child: ChildProcess) {
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
    }
  }

  private discardChild() {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * A fixed number of sandboxes, one file each at a time: size it to the worker's concurrency.
 * Files go to an idle sandbox, or wait for the first one free.
 */
export class ExtractionPool {
  private readonly sandboxes: ExtractionSandbox[];
  private readonly idle: ExtractionSandbox[];
  private readonly waiting: ((sandbox: ExtractionSandbox) => void)[] = [];

  constructor(size: number, options: SandboxOptions) {
    this.sandboxes = Array.from({ length: Math.max(1, size) }, () => new ExtractionSandbox(options));
    this.idle = [...this.sandboxes];
  }

  async analyse(filePath: string, format: DocumentFormat, options: AnalyseOptions): Promise<SandboxResult> {
    const sandbox =
      this.idle.pop() ?? (await new Promise<ExtractionSandbox>((resolve) => this.waiting.push(resolve)));
    try {
      return await sandbox.analyse(filePath, format, options);
    } finally {
      const next = this.waiting.shift();
      if (next) next(sandbox);
      else this.idle.push(sandbox);
    }
  }

  get peakRssBytes(): number {
    return Math.max(...this.sandboxes.map((sandbox) => sandbox.peakRssBytes));
  }

  async close(): Promise<void> {
    await Promise.all(this.sandboxes.map((sandbox) => sandbox.close()));
  }
}

/** One file in a fresh child, for callers that read files rarely (the CLI, a one-off re-read). */
export async function analyseFileIsolated(
  filePath: string,
  format: DocumentFormat,
  options: SandboxOptions & AnalyseOptions,
): Promise<SandboxResult> {
  const sandbox = new ExtractionSandbox({ ...options, recycleAfterFiles: 1 });
  try {
    return await sandbox.analyse(filePath, format, options);
  } finally {
    await sandbox.close();
  }
}
