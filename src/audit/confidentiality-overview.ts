import type { Db } from '../db/connection.ts';
import type { Finding, FindingCode } from '../findings/finding.ts';

/** Findings that say something about how confidential material was handled. */
const CONFIDENTIALITY_CODES: FindingCode[] = [
  'bc_justification_no_authority',
  'bc_page_unmarked',
  'public_version_unmarked',
  'public_version_contains_bc_marking',
  'public_version_identical_to_bc',
  'redaction_recoverable',
  'filename_assumed_public',
];

export interface SubmissionConfidentiality {
  submissionId: string;
  submitterName: string;
  organization: string | null;
  receivedAt: Date;
  files: {
    id: string;
    filename: string;
    confidentiality: string;
    status: string;
    quarantined: boolean;
    releasedAt: Date | null;
    releasedBy: string | null;
    releaseReason: string | null;
  }[];
  findings: Finding[];
}

/**
 * Every submission an officer must look at: those with a BC file, a quarantined file, or a
 * confidentiality finding. Names and findings only: no document text, so nothing to audit.
 */
export async function confidentialityOverview(db: Db): Promise<SubmissionConfidentiality[]> {
  // An assumed-public name is shown beside the others but does not by itself call for an officer.
  const flaggedByFinding = await db
    .selectFrom('findings')
    .select('submission_id')
    .where('code', 'in', CONFIDENTIALITY_CODES)
    .where('code', '!=', 'filename_assumed_public')
    .distinct()
    .execute();
  const flaggedByFile = await db
    .selectFrom('files')
    .select('submission_id')
    .where((eb) => eb.or([eb('confidentiality', '=', 'business_confidential'), eb('quarantined', '=', true)]))
    .distinct()
    .execute();
  const ids = [...new Set([...flaggedByFile, ...flaggedByFinding].map((row) => row.submission_id))];
  if (ids.length === 0) return [];
  const submissions = await db
    .selectFrom('submissions')
    .select(['id', 'submitter_name', 'organization', 'received_at'])
    .where('id', 'in', ids)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const files = await db
    .selectFrom('files')
    .select([
      'id',
      'submission_id',
      'filename',
      'confidentiality',
      'status',
      'quarantined',
      'released_at',
      'released_by',
      'release_reason',
    ])
    .where('submission_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  const allFindings = await db
    .selectFrom('findings')
    .select(['submission_id', 'code', 'severity', 'file_id', 'page', 'message'])
    .where('submission_id', 'in', ids)
    .where('code', 'in', CONFIDENTIALITY_CODES)
    .orderBy('id')
    .execute();
  return submissions.map(({ id: submissionId, ...submission }) => ({
    submissionId,
    submitterName: submission.submitter_name,
    organization: submission.organization,
    receivedAt: new Date(submission.received_at),
    files: files
      .filter((f) => f.submission_id === submissionId)
      .map((f) => ({
        id: f.id,
        filename: f.filename,
        confidentiality: f.confidentiality,
        status: f.status,
        quarantined: f.quarantined,
        releasedAt: f.released_at ? new Date(f.released_at) : null,
        releasedBy: f.released_by,
        releaseReason: f.release_reason,
      })),
    findings: allFindings
      .filter((f) => f.submission_id === submissionId)
      .map((f) => ({
        code: f.code as FindingCode,
        severity: f.severity,
        fileId: f.file_id,
        page: f.page,
        message: f.message,
      })),
  }));
}
