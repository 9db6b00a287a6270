import type { DocketRules } from '../docket/docket.ts';
import type { Finding } from '../findings/finding.ts';
import { bcPublicFindings } from './bc-public-findings.ts';
import { captionFindings } from './caption.ts';
import { fontSizeFindings } from './font-size.ts';
import { justificationFindings } from './justification.ts';
import { publicFileBcMarkingFindings, publicVersionUnmarkedFindings } from './marking-findings.ts';
import { pageNumberFindings } from './page-numbers.ts';
import { isReadable, type ReadableFile, type SubmittedFile } from './submitted-file.ts';
import { noTextLayerFindings } from './text-layer.ts';

export type { Confidentiality, SubmittedFile } from './submitted-file.ts';

/** What the checks need of one submission: the docket's rules, the justification, the files read. */
export interface ComplianceInput {
  docket: Pick<DocketRules, 'caption' | 'minFontPt'>;
  bcJustification: string | null;
  files: SubmittedFile[];
}

/**
 * The RFI's format rules for a submitted document: "Submissions should be made in 12 point or larger
 * font, with a page number provided on each page. All submissions should be captioned …" They apply
 * to uploaded documents, not to the comment typed into the form.
 */
function formatFindings(file: ReadableFile, docket: ComplianceInput['docket']): Finding[] {
  if (file.isTypedComment) return [];
  const doc = file.document;
  return [
    ...captionFindings(file.fileId, file.filename, doc, docket.caption),
    ...pageNumberFindings(file.fileId, file.filename, doc),
    ...fontSizeFindings(file.fileId, file.filename, doc, docket.minFontPt),
  ];
}

/** Each (code, file, page) once, as the contract lists findings. */
function distinct(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((item) => {
    const key = `${item.code}\u0000${item.fileId ?? ''}\u0000${item.page ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Every compliance finding for one submission: pure, data in and findings out. Files whose extraction
 * failed yield nothing here (the worker reports `extraction_failed`); pages without a text layer yield
 * `no_text_layer` and nothing else.
 */
export function complianceFindings(input: ComplianceInput): Finding[] {
  const readable = input.files.filter(isReadable);
  const confidential = readable.filter((file) => file.confidentiality === 'business_confidential');
  const publicVersions = readable.filter((file) => file.confidentiality === 'public');
  const published = readable.filter((file) => file.confidentiality !== 'business_confidential');
  const hasConfidentialFile = input.files.some((file) => file.confidentiality === 'business_confidential');

  return distinct([
    ...justificationFindings(hasConfidentialFile, input.bcJustification),
    ...readable.flatMap((file) => noTextLayerFindings(file.fileId, file.filename, file.document)),
    ...published.flatMap(publicFileBcMarkingFindings),
    ...(hasConfidentialFile ? publicVersions.flatMap(publicVersionUnmarkedFindings) : []),
    ...bcPublicFindings(confidential, publicVersions),
    ...readable.flatMap((file) => formatFindings(file, input.docket)),
  ]);
}
