import { sql } from 'kysely';
import { newSecret } from '../auth/tokens.ts';
import type { Db } from '../db/connection.ts';
import type { DocketRules } from '../docket/docket.ts';
import { type Finding, finding, findingRows } from '../findings/finding.ts';
import { addToOutbox, type OutboxEntry } from '../queue/outbox.ts';
import type { ContentStore, StagedFile } from '../storage/content-store.ts';
import { MEDIA_TYPES } from './content-type.ts';
import type { AcceptedSubmission, AddedFiles, ClassifiedFile } from './intake-rules.ts';

/** An upload's bytes, staged, paired with what intake decided about it; `file` null is the typed comment. */
export interface StagedUpload {
  filename: string;
  staged: StagedFile;
  file: ClassifiedFile | null;
}

export interface AcceptedReceipt {
  id: string;
  docketId: string;
  receiptToken: string;
  receivedAt: Date;
  files: {
    id: string;
    filename: string;
    confidentiality: string;
    sha256: string;
    sizeBytes: number;
    mediaType: string;
  }[];
  findings: Finding[];
  outbox: OutboxEntry;
}

export const TYPED_COMMENT_FILENAME = 'comment.txt';

/** Findings intake can decide on its own: late, duplicate submitter, assumed-public names. */
export function intakeFindings(input: {
  receivedAt: Date;
  deadline: Date;
  earlierSubmissionBy: 'email' | 'organization' | null;
  files: StoredFileRow[];
}): Finding[] {
  const findings = assumedPublicFindings(input.files);
  if (input.earlierSubmissionBy) {
    findings.push(
      finding(
        'duplicate_submitter',
        null,
        null,
        `A submission from the same ${input.earlierSubmissionBy === 'email' ? 'email address' : 'organization'} is already on this docket. The RFI asks each person or institution to submit only one response; if this one replaces the earlier one, say so in a comment.`,
      ),
    );
  }
  if (input.receivedAt > input.deadline) {
    findings.push(
      finding(
        'late_submission',
        null,
        null,
        `This submission arrived after the comment deadline (${input.deadline.toISOString()}). It is kept, but the agency may not consider it.`,
      ),
    );
  }
  return findings;
}

/** "Anything else is assumed public and will be published": said at once, for each file so named. */
function assumedPublicFindings(files: StoredFileRow[]): Finding[] {
  return files
    .filter((file) => file.confidentiality === 'assumed_public' && !file.is_typed_comment)
    .map((file) =>
      finding(
        'filename_assumed_public',
        file.id,
        null,
        `"${file.filename}" begins with neither "BC" nor "P", so it is assumed public and will be published on Regulations.gov. If it holds business confidential information, withdraw it and upload it as BC_… with a public version P_….`,
      ),
    );
}

type StoredFileRow = {
  id: string;
  filename: string;
  confidentiality: string;
  sha256: string;
  size_bytes: number;
  media_type: string;
  is_typed_comment: boolean;
};

/**
 * Stores an accepted submission: file bytes at their content addresses, then the rows, intake findings
 * and the outbox entry in one transaction. Everything or nothing: if any step fails, the rows roll
 * back and stored copies this call created are removed before the transaction's locks are let go.
 */
export async function storeSubmission(
  db: Db,
  store: ContentStore,
  docket: DocketRules,
  submission: AcceptedSubmission,
  uploads: StagedUpload[],
  receivedAt: Date,
): Promise<AcceptedReceipt> {
  const { token, hash } = newSecret('rcpt');
  return withStoredBytes(db, store, uploads, async (trx) => {
    const earlier = await trx
      .selectFrom('submissions')
      .select(['email', 'organization'])
      .where('docket_id', '=', docket.id)
      .where((eb) =>
        eb.or([
          eb(sql`lower(email)`, '=', submission.email.toLowerCase()),
          ...(submission.organization
            ? [eb(sql`lower(organization)`, '=', submission.organization.toLowerCase())]
            : []),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    const row = await trx
      .insertInto('submissions')
      .values({
        docket_id: docket.id,
        submitter_name: submission.submitterName,
        email: submission.email,
        organization: submission.organization,
        submitter_type: submission.submitterType,
        bc_justification: submission.bcJustification,
        acknowledge_public: submission.acknowledgePublic,
        receipt_token_hash: hash,
        received_at: receivedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const fileRows = await insertFileRows(trx, row.id, uploads);
    const findings = intakeFindings({
      receivedAt,
      deadline: docket.commentDeadline,
      earlierSubmissionBy: earlier
        ? earlier.email.toLowerCase() === submission.email.toLowerCase()
          ? 'email'
          : 'organization'
        : null,
      files: fileRows,
    });
    await insertIntakeFindings(trx, row.id, findings);
    const outbox = await addToOutbox(trx, { submissionId: row.id });
    return {
      id: row.id,
      docketId: docket.id,
      receiptToken: token,
      receivedAt,
      files: fileRows.map(toReceiptFile),
      findings,
      outbox,
    };
  });
}

export interface AddedFilesReceipt {
  submissionId: string;
  files: AcceptedReceipt['files'];
  findings: Finding[];
  outbox: OutboxEntry;
}

/**
 * Adds files to a submission already on the docket (a corrected public version after a failed
 * redaction, most often) and queues it again: the pipeline reads only the new files and recomputes the
 * submission's findings over all of them. Same all-or-nothing storage as a first upload.
 */
export async function storeAddedFiles(
  db: Db,
  store: ContentStore,
  submissionId: string,
  added: AddedFiles,
  uploads: StagedUpload[],
): Promise<AddedFilesReceipt> {
  return withStoredBytes(db, store, uploads, async (trx) => {
    // One change at a time per submission, so two uploads cannot both pass the file limit.
    await trx.selectFrom('submissions').select('id').where('id', '=', submissionId).forUpdate().execute();
    const fileRows = await insertFileRows(trx, submissionId, uploads);
    await trx
      .updateTable('submissions')
      .set({
        status: 'received',
        updated_at: new Date(),
        ...(added.bcJustification ? { bc_justification: added.bcJustification } : {}),
      })
      .where('id', '=', submissionId)
      .execute();
    const findings = assumedPublicFindings(fileRows);
    await insertIntakeFindings(trx, submissionId, findings);
    const outbox = await addToOutbox(trx, { submissionId });
    return { submissionId, files: fileRows.map(toReceiptFile), findings, outbox };
  });
}

/** Runs `write` in a transaction after committing the uploads' bytes; on failure removes what it stored. */
async function withStoredBytes<T>(
  db: Db,
  store: ContentStore,
  uploads: StagedUpload[],
  write: (trx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // Serialises uploads of the same bytes so one upload's rollback never removes another's copy.
    // Taken in sorted order, so two uploads sharing several files cannot each hold one the other wants.
    const hashes = [...new Set(uploads.map((u) => u.staged.sha256))].sort();
    if (hashes.length > 0) {
      await sql`SELECT pg_advisory_xact_lock(hashtext(h.sha))
        FROM unnest(${hashes}::text[]) WITH ORDINALITY AS h(sha, n) ORDER BY h.n`.execute(trx);
    }
    const created: string[] = [];
    try {
      for (const upload of uploads) {
        if ((await store.commit(upload.staged)).created) created.push(upload.staged.sha256);
      }
      return await write(trx);
    } catch (error) {
      for (const sha of created) await store.remove(sha);
      throw error;
    }
  });
}

async function insertFileRows(
  trx: Db,
  submissionId: string,
  uploads: StagedUpload[],
): Promise<StoredFileRow[]> {
  if (uploads.length === 0) return [];
  return trx
    .insertInto('files')
    .values(
      uploads.map(({ filename, staged, file }) => ({
        submission_id: submissionId,
        filename,
        confidentiality: file?.confidentiality ?? 'assumed_public',
        media_type: MEDIA_TYPES[file?.format ?? 'txt'],
        format: file?.format ?? 'txt',
        sha256: staged.sha256,
        size_bytes: staged.sizeBytes,
        is_typed_comment: file === null,
        page_count: null,
        error: null,
        released_at: null,
        released_by: null,
        release_reason: null,
      })),
    )
    .returning([
      'id',
      'filename',
      'confidentiality',
      'sha256',
      'size_bytes',
      'media_type',
      'is_typed_comment',
    ])
    .execute();
}

async function insertIntakeFindings(trx: Db, submissionId: string, findings: Finding[]): Promise<void> {
  if (findings.length === 0) return;
  await trx
    .insertInto('findings')
    .values(findingRows(submissionId, findings, 'intake'))
    .execute();
}

const toReceiptFile = (f: StoredFileRow) => ({
  id: f.id,
  filename: f.filename,
  confidentiality: f.confidentiality,
  sha256: f.sha256,
  sizeBytes: f.size_bytes,
  mediaType: f.media_type,
});
