import type { Db } from '../db/connection.ts';
import type { FileStatus, SubmissionStatus } from '../db/database.ts';
import type { FindingCode, Severity } from '../findings/finding.ts';

export interface SubmissionStatusView {
  id: string;
  docketId: string;
  status: SubmissionStatus;
  receivedAt: Date;
  receiptTokenHash: string;
  files: {
    id: string;
    filename: string;
    confidentiality: string;
    status: FileStatus;
    pageCount: number | null;
    error: string | null;
    quarantined: boolean;
  }[];
  findings: {
    code: FindingCode;
    severity: Severity;
    fileId: string | null;
    page: number | null;
    message: string;
  }[];
}

/**
 * A submission's status, files and findings. Carries no document text: finding messages are written
 * never to quote a file, so this view is safe for the submitter and for every staff role.
 */
export async function loadSubmissionStatus(db: Db, id: string): Promise<SubmissionStatusView | null> {
  const submission = await db
    .selectFrom('submissions')
    .select(['id', 'docket_id', 'status', 'received_at', 'receipt_token_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!submission) return null;
  const [files, findings] = await Promise.all([
    db
      .selectFrom('files')
      .select(['id', 'filename', 'confidentiality', 'status', 'page_count', 'error', 'quarantined'])
      .where('submission_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('findings')
      .select(['code', 'severity', 'file_id', 'page', 'message'])
      .where('submission_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return {
    id: submission.id,
    docketId: submission.docket_id,
    status: submission.status,
    receivedAt: new Date(submission.received_at),
    receiptTokenHash: submission.receipt_token_hash,
    files: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      confidentiality: f.confidentiality,
      status: f.status,
      pageCount: f.page_count,
      error: f.error,
      quarantined: f.quarantined,
    })),
    findings: findings.map((f) => ({
      code: f.code as FindingCode,
      severity: f.severity,
      fileId: f.file_id,
      page: f.page,
      message: f.message,
    })),
  };
}

/**
 * What the submitter should do next, in plain words: a withheld (quarantined) file needs a corrected
 * public version, an unreadable file a readable copy. Pure, from the status view alone.
 */
export function submitterNextSteps(view: SubmissionStatusView): string[] {
  const steps: string[] = [];
  view.files.forEach((file, index) => {
    const later = view.files.slice(index + 1);
    if (file.quarantined) {
      const pages = view.findings
        .filter((f) => f.code === 'redaction_recoverable' && f.fileId === file.id && f.page !== null)
        .map((f) => f.page);
      const where = pages.length > 0 ? ` on page${pages.length > 1 ? 's' : ''} ${pages.join(', ')}` : '';
      const corrected = later.find(
        (g) => g.confidentiality !== 'business_confidential' && g.status === 'processed' && !g.quarantined,
      );
      steps.push(
        corrected
          ? `"${file.filename}" stays withheld: text under black boxes${where} could be read. Your corrected version "${corrected.filename}" was received and read without that problem.`
          : `"${file.filename}" is withheld from publication: text under black boxes${where} can still be read, so the redaction does not protect it. Remove the confidential text itself (or scan a printed copy), then upload the corrected public version to this submission with your receipt token (POST /api/v1/submissions/${view.id}/files).`,
      );
    } else if (file.status === 'failed') {
      const replaced = later.some((g) => g.status === 'processed');
      if (!replaced) {
        steps.push(
          `"${file.filename}" could not be read${file.error ? ` (${file.error.replace(/\.$/, '')})` : ''}. Upload a readable copy (PDF with a text layer, DOCX or TXT) to this submission with your receipt token (POST /api/v1/submissions/${view.id}/files).`,
        );
      }
    }
  });
  return steps;
}
