import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { appendAuditEvent } from './audit-log.ts';

export interface FileRelease {
  fileId: string;
  submissionId: string;
  releasedAt: Date;
  releasedBy: string;
  reason: string;
}

export const MIN_RELEASE_REASON_CHARS = 10;

/**
 * An officer's decision that a quarantined file may be read after all (the covered text turned out
 * harmless, or the commenter confirmed it may be published). The flag, the officer and the reason
 * change in the same transaction as the audit event, so there is no release without its record.
 * Reprocessing keeps the decision: the pipeline quarantines only files never released.
 */
export async function releaseQuarantinedFile(
  db: Db,
  input: { fileId: string; actor: string; reason: string; endpoint: string },
): Promise<FileRelease> {
  const reason = input.reason.trim();
  if (reason.length < MIN_RELEASE_REASON_CHARS) {
    throw new AppError(
      422,
      'invalid_field',
      `Give the reason for releasing this file in a sentence (at least ${MIN_RELEASE_REASON_CHARS} characters); it goes into the audit trail.`,
    );
  }
  return db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom('files')
      .select(['id', 'submission_id', 'quarantined'])
      .where('id', '=', input.fileId)
      .forUpdate()
      .executeTakeFirst();
    if (!file)
      throw new AppError(404, 'not_found', 'No file with that id exists. Check the id and try again.');
    if (!file.quarantined) {
      throw new AppError(
        409,
        'not_quarantined',
        'That file is not quarantined, so there is nothing to release. Only files held for a failed redaction can be released.',
      );
    }
    const releasedAt = new Date();
    await trx
      .updateTable('files')
      .set({
        quarantined: false,
        released_at: releasedAt,
        released_by: input.actor,
        release_reason: reason,
      })
      .where('id', '=', file.id)
      .execute();
    await appendAuditEvent(trx, {
      actor: input.actor,
      action: 'file_released',
      submissionId: file.submission_id,
      fileIds: [file.id],
      endpoint: input.endpoint,
      detail: { reason },
    });
    return {
      fileId: file.id,
      submissionId: file.submission_id,
      releasedAt,
      releasedBy: input.actor,
      reason,
    };
  });
}
