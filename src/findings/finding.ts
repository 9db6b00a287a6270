/**
 * A finding is how the service tells a commenter and staff that a rule of the docket was met badly.
 * Codes and severities are the public contract (../shared/docs/contract.md): add, never rename.
 */
export const FINDING_SEVERITY = {
  filename_assumed_public: 'warning',
  bc_justification_no_authority: 'warning',
  bc_page_unmarked: 'error',
  public_version_unmarked: 'warning',
  public_version_contains_bc_marking: 'error',
  public_version_identical_to_bc: 'error',
  redaction_recoverable: 'error',
  caption_missing: 'warning',
  page_number_missing: 'warning',
  font_below_minimum: 'warning',
  duplicate_submitter: 'warning',
  late_submission: 'info',
  extraction_failed: 'error',
  no_text_layer: 'warning',
} as const;

export type FindingCode = keyof typeof FINDING_SEVERITY;
export type Severity = (typeof FINDING_SEVERITY)[FindingCode];

/** A finding before it is stored: file ids are the stored file's id, pages 1-based or null. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  fileId: string | null;
  page: number | null;
  message: string;
}

export function finding(
  code: FindingCode,
  fileId: string | null,
  page: number | null,
  message: string,
): Finding {
  return { code, severity: FINDING_SEVERITY[code], fileId, page, message };
}

/**
 * Findings as rows of a submission. `source` says who found them: intake replaces nothing, and a
 * processing run replaces only its own, so the two can be recomputed apart.
 */
export const findingRows = (submissionId: string, findings: Finding[], source: 'intake' | 'processing') =>
  findings.map((f) => ({
    submission_id: submissionId,
    file_id: f.fileId,
    page: f.page,
    code: f.code,
    severity: f.severity,
    message: f.message,
    source,
  }));
