/** The API's answers as the interface reads them (see /api/v1/openapi.json and the contract). */
import type { Severity } from './finding-explanations.ts';

export type Confidentiality = 'business_confidential' | 'public' | 'assumed_public';

export interface Docket {
  id: string;
  title: string;
  agency: string;
  caption: string;
  deadline: string;
  accepting_on_time: boolean;
  max_files: number;
  max_file_bytes: number;
  min_font_pt: number;
  question_count: number;
  rules: string[];
}

export interface Finding {
  code: string;
  severity: Severity;
  file_id: string | null;
  page: number | null;
  message: string;
}

export interface Receipt {
  id: string;
  docket_id: string;
  status: string;
  receipt_token: string;
  received_at: string;
  files: { id: string; filename: string; confidentiality: Confidentiality }[];
  findings: Finding[];
}

export interface SubmissionStatus {
  id: string;
  docket_id: string;
  status: 'received' | 'processing' | 'processed' | 'failed';
  received_at: string;
  files: {
    id: string;
    filename: string;
    confidentiality: Confidentiality;
    status: string;
    page_count: number | null;
    error: string | null;
    quarantined: boolean;
  }[];
  findings: Finding[];
  next_steps: string[];
}

export interface Question {
  number: number;
  section: string;
  section_title: string;
  text: string;
  answer_count: number;
  submission_count: number;
}

export interface Answer {
  passage_id: number;
  submission_id: string;
  file_id: string;
  filename: string;
  confidentiality: Confidentiality;
  page: number | null;
  text: string;
  confidence: number;
  evidence: string;
  submitter_name: string;
  organization: string | null;
  submitter_type: string | null;
  heading_path: string[];
}

export interface SearchHit {
  passage_id: number;
  submission_id: string;
  file_id: string;
  page: number | null;
  snippet: string;
  questions: number[];
  confidentiality: Confidentiality;
  rank: number;
}

export interface CoverageRow {
  submission_id: string;
  submitter_name: string;
  organization: string | null;
  submitter_type: string | null;
  questions: number[];
}

export interface SubmissionPassage {
  passage_id: number;
  file_id: string;
  filename: string;
  confidentiality: Confidentiality;
  page: number | null;
  heading_path: string[];
  text: string;
  questions: { number: number; confidence: number; evidence: string }[];
}

export interface ConfidentialityItem {
  submission_id: string;
  submitter_name: string;
  organization: string | null;
  received_at: string;
  files: {
    file_id: string;
    filename: string;
    confidentiality: Confidentiality;
    status: string;
    quarantined: boolean;
    released_at: string | null;
    released_by: string | null;
    release_reason: string | null;
  }[];
  findings: Finding[];
}

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  submission_id: string | null;
  file_ids: string[];
  endpoint: string;
  detail: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
