import { readFile } from 'node:fs/promises';
import { extractDocument } from './extract-document.ts';
import { ExtractionError, extractionMessages } from './extraction-error.ts';
import { restoreNativeBuiltins } from './native-builtins.ts';
import { loadPdfJs } from './pdfjs.ts';
import type { SandboxReply, SandboxRequest } from './sandbox-protocol.ts';

/*
 * The child process of sandbox.ts: reads one file at a time and answers over IPC. It reads the
 * file itself, so a 10 MiB upload never travels through the IPC channel. Anything that goes
 * wrong for one file is answered as a failure for that file; only the parent kills this process.
 * pdf.js is only ever imported dynamically here (pdfjs.ts, the redaction detector), after
 * native-builtins.ts has captured the builtins pdf.js replaces.
 */

type FindRecoverableText = typeof import('../redaction/recoverable-text.ts').findRecoverableText;
let findRecoverableText: FindRecoverableText | undefined;

async function redactionDetector(): Promise<FindRecoverableText> {
  // Loaded on first use: it brings a canvas renderer that files not checked for redactions never need.
  if (!findRecoverableText) {
    findRecoverableText = (await import('../redaction/recoverable-text.ts')).findRecoverableText;
    restoreNativeBuiltins();
  }
  return findRecoverableText;
}

async function handle(request: SandboxRequest): Promise<SandboxReply> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(request.path));
  } catch (error) {
    return failure(request.id, false, extractionMessages.unreadableFile, error);
  }
  const cpuBefore = process.cpuUsage();
  try {
    const document = await extractDocument(bytes, request.format, { maxPages: request.maxPages });
    const recoverable = request.analyseRedactions
      ? await (await redactionDetector())(bytes, request.format)
      : null;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      id: request.id,
      ok: true,
      document,
      recoverable,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssBytes: maxRss(),
    };
  } catch (error) {
    if (error instanceof ExtractionError)
      return failure(request.id, error.permanent, error.message, undefined);
    // Not the file's known kind of failure: likely a parser bug. Retrying may not help, but
    // the message must not blame the file, and the detail goes to the log.
    return failure(request.id, false, extractionMessages.readerCrashed, error);
  }
}

function failure(id: number, permanent: boolean, message: string, error: unknown): SandboxReply {
  const detail =
    error === undefined
      ? undefined
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  return { id, ok: false, permanent, message, detail, maxRssBytes: maxRss() };
}

const maxRss = () => process.resourceUsage().maxRSS * 1024;

process.on('message', (request: SandboxRequest) => {
  void handle(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));

await loadPdfJs();
process.send?.({ ready: true });
