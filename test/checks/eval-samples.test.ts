import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import { extractDocument } from '../../src/extraction/extract-document.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import type { Finding, FindingCode } from '../../src/findings/finding.ts';
import { DOCKET } from './builders.ts';
import {
  type CaseFile,
  caseDocument,
  caseFiles,
  type EvalCase,
  type FindingSpec,
} from './eval-case-documents.ts';

/** The codes these checks own; the others (intake, redaction, duplicates) are reported elsewhere. */
const CHECK_CODES = new Set<FindingCode>([
  'bc_page_unmarked',
  'public_version_unmarked',
  'public_version_contains_bc_marking',
  'public_version_identical_to_bc',
  'caption_missing',
  'page_number_missing',
  'font_below_minimum',
  'bc_justification_no_authority',
  'no_text_layer',
]);

/**
 * The eval's sample cases (../shared/eval/samples) and this folder's variants of them, which turn
 * one setting each (a page left unmarked, a public version left unmarked or unredacted, small type…),
 * each with the files eval/render.mjs made of it.
 */
const CASE_SETS = [
  new URL('../../../shared/eval/samples/', import.meta.url),
  new URL('./eval-variants/', import.meta.url),
];

interface LoadedCase {
  evalCase: EvalCase;
  rendered: URL;
}

function loadCases(): LoadedCase[] {
  return CASE_SETS.flatMap((set) => {
    const casesDir = new URL('cases/', set);
    if (!existsSync(casesDir)) return [];
    return readdirSync(casesDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(new URL(name, casesDir), 'utf8')) as EvalCase)
      .filter((c) => c.expect.http === 201)
      .map((evalCase) => ({ evalCase, rendered: new URL(`rendered/${evalCase.id}/`, set) }));
  });
}

/** As the scorer matches: the code, then the file and page where the spec gives them. */
function fits(reported: Finding, spec: FindingSpec): boolean {
  if (reported.code !== spec.code) return false;
  if (spec.file != null && reported.fileId !== spec.file) return false;
  if (spec.page != null && reported.page !== spec.page) return false;
  return true;
}

/** Expected findings of our codes not reported, and reported ones the scorer would count as false. */
function scoreCase(c: EvalCase, findings: Finding[]) {
  const expected = (c.expect.findings ?? []).filter((e) => CHECK_CODES.has(e.code as FindingCode));
  const absent = (c.expect.absent_findings ?? []).filter((a) => CHECK_CODES.has(a.code as FindingCode));
  const expectedCodes = new Set(expected.map((e) => e.code));
  const missing = expected.filter((e) => !findings.some((f) => fits(f, e)));
  const falseFindings = findings.filter(
    (f) => absent.some((a) => fits(f, a)) || (expectedCodes.has(f.code) && !expected.some((e) => fits(f, e))),
  );
  return {
    missing,
    falseFindings: falseFindings.map((f) => `${f.code} ${f.fileId ?? ''} p${f.page ?? '-'}`),
  };
}

const cases = loadCases();

describe.skipIf(cases.length === 0)(
  'the eval cases, from documents shaped as the renderer lays them out',
  () => {
    it.each(cases.map(({ evalCase }) => [evalCase.id, evalCase] as const))(
      '%s: every expected finding appears and no absent one does',
      (_id, c) => {
        const findings = complianceFindings({
          docket: DOCKET,
          bcJustification: c.fields.bc_justification ?? null,
          files: caseFiles(c, (file) => caseDocument(c, file)),
        });
        expect(scoreCase(c, findings)).toEqual({ missing: [], falseFindings: [] });
      },
    );
  },
);

const renderedCases = cases.filter(({ rendered }) => existsSync(rendered));

async function extracted(
  rendered: URL,
  file: CaseFile,
  format: 'pdf' | 'docx' | 'txt',
): Promise<ExtractedDocument | null> {
  const bytes = new Uint8Array(readFileSync(new URL(file.name, rendered)));
  try {
    return await extractDocument(bytes, format);
  } catch {
    return null;
  }
}

describe.skipIf(renderedCases.length === 0)(
  'the eval cases, from the rendered files through the real extractors',
  () => {
    it.each(renderedCases.map(({ evalCase, rendered }) => [evalCase.id, evalCase, rendered] as const))(
      '%s: every expected finding appears and no absent one does',
      async (_id, c, rendered) => {
        const documents = new Map<string, ExtractedDocument | null>();
        for (const file of c.files) {
          const source = file.derive_from ? c.files.find((f) => f.name === file.derive_from) : undefined;
          const format = file.format ?? source?.format ?? 'pdf';
          documents.set(file.name, await extracted(rendered, file, format === 'raw' ? 'pdf' : format));
        }
        const findings = complianceFindings({
          docket: DOCKET,
          bcJustification: c.fields.bc_justification ?? null,
          files: caseFiles(c, (file) => documents.get(file.name) ?? null),
        });
        expect(scoreCase(c, findings)).toEqual({ missing: [], falseFindings: [] });
      },
    );
  },
);
