import type { RecoverableText } from '../redaction/recoverable-text.ts';
import type { DocumentFormat, ExtractedDocument } from './extracted-document.ts';

/** Messages between sandbox.ts and its child, sandbox-worker.ts. */
export interface SandboxRequest {
  id: number;
  path: string;
  format: DocumentFormat;
  analyseRedactions: boolean;
  maxPages: number;
}

export type SandboxReply =
  | {
      id: number;
      ok: true;
      document: ExtractedDocument;
      recoverable: RecoverableText[] | null;
      cpuMs: number;
      maxRssBytes: number;
    }
  | {
      id: number;
      ok: false;
      permanent: boolean;
      message: string;
      detail: string | undefined;
      maxRssBytes: number;
    };
