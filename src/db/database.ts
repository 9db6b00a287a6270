import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The typed schema every query goes through; mirrors migrations/. Keep it in step with a new migration.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Confidentiality = 'business_confidential' | 'public' | 'assumed_public';
export type SubmissionStatus = 'received' | 'processing' | 'processed' | 'failed';
export type FileStatus = 'queued' | 'processing' | 'processed' | 'failed';
export type Role = 'analyst' | 'confidentiality_officer' | 'admin';
export type Evidence = 'explicit' | 'heading' | 'semantic';

export interface DocketsTable {
  id: string;
  title: string;
  agency: string;
  caption: string;
  comment_deadline: Timestamp;
  max_files: number;
  max_file_bytes: ColumnType<number, number, number>;
  min_font_pt: number;
  created_at: Timestamp;
}

export interface QuestionsTable {
  docket_id: string;
  number: number;
  section: string;
  section_title: string;
  text: string;
  parts: ColumnType<{ label: string; text: string }[], string, string>;
  vocabulary: ColumnType<string[], string, string>;
}

export interface SubmissionsTable {
  id: Generated<string>;
  docket_id: string;
  submitter_name: string;
  email: string;
  organization: string | null;
  submitter_type: string | null;
  bc_justification: string | null;
  acknowledge_public: boolean;
  receipt_token_hash: string;
  status: Generated<SubmissionStatus>;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  submission_id: string;
  filename: string;
  confidentiality: Confidentiality;
  media_type: string;
  format: 'pdf' | 'docx' | 'txt';
  sha256: string;
  size_bytes: ColumnType<number, number, number>;
  is_typed_comment: Generated<boolean>;
  status: Generated<FileStatus>;
  page_count: number | null;
  error: string | null;
  quarantined: Generated<boolean>;
  released_at: Timestamp | null;
  released_by: string | null;
  release_reason: string | null;
  created_at: Timestamp;
}

export interface FindingsTable {
  id: Generated<number>;
  submission_id: string;
  file_id: string | null;
  page: number | null;
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: 'intake' | 'processing';
  created_at: Timestamp;
}

export interface FileExtractionsTable {
  file_id: string;
  /** The ExtractedDocument as JSON, so submission-level checks rerun without re-parsing. */
  document: ColumnType<unknown, string, string>;
  /** Text a failed redaction left readable; officers only. */
  recoverable: ColumnType<unknown, string, string>;
  extracted_at: Timestamp;
}

export interface PagesTable {
  file_id: string;
  number: number;
  text: string;
  has_text_layer: boolean;
}

export interface PassagesTable {
  id: Generated<number>;
  docket_id: string;
  submission_id: string;
  file_id: string;
  page: number | null;
  ordinal: number;
  heading_path: ColumnType<string[], string[], string[]>;
  text: string;
  tsv: ColumnType<string, never, never>;
}

export interface PassageTagsTable {
  passage_id: number;
  question_number: number;
  confidence: number;
  evidence: Evidence;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  role: Role;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface OutboxTable {
  id: Generated<number>;
  queue: string;
  job_id: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  enqueued_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  action: string;
  submission_id: string | null;
  file_ids: ColumnType<string[], string[], string[]>;
  endpoint: string;
  detail: ColumnType<unknown, string, string>;
  prev_hash: string;
  hash: string;
}

export interface Database {
  dockets: DocketsTable;
  questions: QuestionsTable;
  submissions: SubmissionsTable;
  files: FilesTable;
  findings: FindingsTable;
  file_extractions: FileExtractionsTable;
  pages: PagesTable;
  passages: PassagesTable;
  passage_tags: PassageTagsTable;
  api_tokens: ApiTokensTable;
  outbox: OutboxTable;
  audit_events: AuditEventsTable;
}

export type SubmissionRow = Selectable<SubmissionsTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFile = Insertable<FilesTable>;
