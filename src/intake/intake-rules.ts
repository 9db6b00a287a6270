import type { Confidentiality } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AcceptedFormat } from './content-type.ts';
import { classifyFilename, nearMissAdvice, nearMissPrefix } from './filename-rules.ts';

export const SUBMITTER_TYPES = [
  'company',
  'trade_association',
  'academic',
  'civil_society',
  'government',
  'individual',
  'other',
] as const;

export const MAX_COMMENT_CHARS = 5000;

export interface IntakeFields {
  submitter_name?: string;
  email?: string;
  comment?: string;
  organization?: string;
  submitter_type?: string;
  bc_justification?: string;
  acknowledge_public?: string;
}

export interface ReceivedFile {
  filename: string;
  sizeBytes: number;
  /** null when the bytes are none of PDF, DOCX, plain text. */
  format: AcceptedFormat | null;
}

export interface ClassifiedFile extends ReceivedFile {
  format: AcceptedFormat;
  confidentiality: Confidentiality;
}

export interface AcceptedSubmission {
  submitterName: string;
  email: string;
  organization: string | null;
  submitterType: string | null;
  comment: string | null;
  bcJustification: string | null;
  acknowledgePublic: boolean;
  files: ClassifiedFile[];
}

const reject = (status: number, code: string, message: string) => new AppError(status, code, message);
const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/**
 * Decides at the door whether a submission follows the docket's rules; throws the first rule it breaks
 * as an AppError with the contract's code and a message saying what to do. Pure: nothing is stored here.
 */
export function checkIntake(fields: IntakeFields, files: ReceivedFile[]): AcceptedSubmission {
  const submitterName = blankToNull(fields.submitter_name);
  const email = blankToNull(fields.email);
  if (!submitterName)
    throw reject(422, 'missing_field', 'Add your name in the submitter_name field and submit again.');
  if (!email)
    throw reject(
      422,
      'missing_field',
      'Add an email address in the email field so we can reach you, and submit again.',
    );
  const comment = blankToNull(fields.comment);
  if (files.length === 0 && !comment) {
    throw reject(
      422,
      'missing_field',
      'Attach at least one file (PDF, DOCX or TXT) in the files field, or type your comment in the comment field.',
    );
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) {
    throw reject(
      422,
      'invalid_field',
      `"${email}" is not an email address. Check the email field and submit again.`,
    );
  }
  const submitterType = blankToNull(fields.submitter_type);
  if (submitterType && !(SUBMITTER_TYPES as readonly string[]).includes(submitterType)) {
    throw reject(422, 'invalid_field', `submitter_type must be one of ${SUBMITTER_TYPES.join(', ')}.`);
  }
  if (comment && comment.length > MAX_COMMENT_CHARS) {
    throw reject(
      422,
      'invalid_field',
      `The typed comment has ${comment.length} characters; the limit is ${MAX_COMMENT_CHARS}. Attach longer comments as a file.`,
    );
  }
  const acknowledgePublic = fields.acknowledge_public?.trim().toLowerCase() === 'true';

  const classified = classifyReceivedFiles(files, acknowledgePublic);

  const bcFiles = classified.filter((f) => f.confidentiality === 'business_confidential');
  const bcJustification = blankToNull(fields.bc_justification);
  if (bcFiles.length > 0) {
    const names = bcFiles.map((f) => `"${f.filename}"`).join(', ');
    if (!classified.some((f) => f.confidentiality === 'public')) {
      throw reject(
        422,
        'bc_public_version_missing',
        `${names} ${bcFiles.length === 1 ? 'is' : 'are'} business confidential, and the RFI requires a public version. Add a public version named P_… (for example "P${bcFiles[0]!.filename.slice(2)}") with the confidential text removed, and submit both together.`,
      );
    }
    if (!bcJustification) {
      throw reject(
        422,
        'bc_justification_missing',
        `${names} ${bcFiles.length === 1 ? 'is' : 'are'} business confidential. Add a bc_justification statement explaining why the information should not be disclosed and citing the legal authority (for example 5 U.S.C. 552(b)(4)).`,
      );
    }
  }

  return {
    submitterName,
    email,
    organization: blankToNull(fields.organization),
    submitterType,
    comment,
    bcJustification,
    acknowledgePublic,
    files: classified,
  };
}

/** Each file's confidentiality by its name, after the checks every uploaded file must pass. */
function classifyReceivedFiles(files: ReceivedFile[], acknowledgePublic: boolean): ClassifiedFile[] {
  return files.map((file) => {
    if (file.sizeBytes === 0) {
      throw reject(
        422,
        'empty_file',
        `"${file.filename}" is empty (0 bytes). Attach the file again; it may not have saved.`,
      );
    }
    if (file.format === null) {
      throw reject(
        415,
        'file_type_unsupported',
        `"${file.filename}" is not a PDF, Word (DOCX) or plain-text file, whatever its name says. Save it as PDF, DOCX or TXT and upload it again.`,
      );
    }
    const aim = nearMissPrefix(file.filename);
    if (aim && !acknowledgePublic)
      throw reject(422, 'filename_prefix_ambiguous', nearMissAdvice(file.filename, aim));
    return { ...file, format: file.format, confidentiality: classifyFilename(file.filename) };
  });
}

export interface AddedFiles {
  files: ClassifiedFile[];
  /** Set when this upload brings the submission's first justification. */
  bcJustification: string | null;
}

/**
 * Files added to a submission already on the docket (a corrected public version, most often) follow
 * the same rules as at first upload, judged against what the submission already holds: a BC file still
 * needs a public version and a justification, and the docket's file limit counts old and new together.
 */
export function checkAddedFiles(
  fields: IntakeFields,
  files: ReceivedFile[],
  submission: { fileConfidentialities: Confidentiality[]; hasBcJustification: boolean; maxFiles: number },
): AddedFiles {
  if (files.length === 0) {
    throw reject(422, 'missing_field', 'Attach at least one file (PDF, DOCX or TXT) in the files field.');
  }
  const total = submission.fileConfidentialities.length + files.length;
  if (total > submission.maxFiles) {
    throw reject(
      422,
      'too_many_files',
      `This submission already holds ${submission.fileConfidentialities.length} files and this docket accepts ${submission.maxFiles} in all. Upload at most ${Math.max(0, submission.maxFiles - submission.fileConfidentialities.length)} more.`,
    );
  }
  const classified = classifyReceivedFiles(files, fields.acknowledge_public?.trim().toLowerCase() === 'true');
  const bcFiles = classified.filter((f) => f.confidentiality === 'business_confidential');
  const justification = blankToNull(fields.bc_justification);
  if (bcFiles.length > 0) {
    const names = bcFiles.map((f) => `"${f.filename}"`).join(', ');
    const hasPublic =
      submission.fileConfidentialities.includes('public') ||
      classified.some((f) => f.confidentiality === 'public');
    if (!hasPublic) {
      throw reject(
        422,
        'bc_public_version_missing',
        `${names} ${bcFiles.length === 1 ? 'is' : 'are'} business confidential, and the RFI requires a public version. Upload a public version named P_… with the confidential text removed together with it.`,
      );
    }
    if (!submission.hasBcJustification && !justification) {
      throw reject(
        422,
        'bc_justification_missing',
        `${names} ${bcFiles.length === 1 ? 'is' : 'are'} business confidential. Add a bc_justification statement explaining why the information should not be disclosed and citing the legal authority (for example 5 U.S.C. 552(b)(4)).`,
      );
    }
  }
  return { files: classified, bcJustification: submission.hasBcJustification ? null : justification };
}

/**
 * Names come from commenters: keep only the last path component, drop control characters and cap the
 * length (keeping the extension), so a name is only ever something to display, never a path.
 */
// Control characters, and the bidirectional overrides that make "exe.pdf" display as "fdp.exe".
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const printable = base.normalize('NFC').replace(UNPRINTABLE, '');
  if (!printable.trim()) return 'unnamed';
  if (printable.length <= 200) return printable;
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(printable)?.[0] ?? '';
  return printable.slice(0, 200 - ext.length) + ext;
}
