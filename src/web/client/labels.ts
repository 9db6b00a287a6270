/** Words for the API's codes, and dates and sizes as people read them. */
import type { Confidentiality } from './api-types.ts';

export const CONFIDENTIALITY_LABEL: Record<Confidentiality, string> = {
  business_confidential: 'Business confidential (not published)',
  public: 'Public version',
  assumed_public: 'Assumed public (will be published)',
};

export const CONFIDENTIALITY_SHORT: Record<Confidentiality, string> = {
  business_confidential: 'BC',
  public: 'P',
  assumed_public: 'Public',
};

export const SUBMITTER_TYPE_LABEL: Record<string, string> = {
  company: 'Company',
  trade_association: 'Trade association',
  academic: 'Academic',
  civil_society: 'Civil society',
  government: 'Government',
  individual: 'Individual',
  other: 'Other',
};

export const EVIDENCE_LABEL: Record<string, string> = {
  explicit: 'Names the question',
  heading: 'Under a heading for it',
  semantic: 'Matched by content',
};

export const FILE_STATUS_LABEL: Record<string, string> = {
  queued: 'Waiting to be read',
  processing: 'Being read',
  processed: 'Read',
  failed: 'Could not be read',
};

export const SUBMISSION_STATUS_LABEL: Record<string, string> = {
  received: 'Received, waiting to be read',
  processing: 'Being read',
  processed: 'Read and checked',
  failed: 'Could not be processed',
};

/** Deadlines and timestamps in US Eastern time, the time the RFI states its deadline in. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'America/New_York',
    timeZoneName: 'short',
  }).format(date);
}

/** The docket's rules carry the deadline as an ISO timestamp; a person reads a date. */
export function readableRule(rule: string): string {
  return rule.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => formatDateTime(iso));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  const mib = bytes / 1024 / 1024;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

export const formatConfidence = (confidence: number) => `${Math.round(confidence * 100)}%`;

export const shortId = (id: string) => id.slice(0, 8);

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
