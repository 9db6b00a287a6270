import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPdf, CONFIDENTIAL_PARAGRAPH } from '../../scripts/make-fixtures.ts';
import { createApiToken } from '../../src/auth/tokens.ts';
import { resetData, submit } from '../support/test-env.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  type BrowserEnv,
  openPage,
  pageReady,
  pageText,
  screenshot,
  startBrowserEnv,
} from './browser-env.ts';

const fixture = (name: string) => readFile(new URL(`../../fixtures/${name}`, import.meta.url));

// Only the BC file of the pair carries these words; the quarantined file hides the second under a box.
const BC_ONLY = '$41,300 per node';
const UNDER_THE_BOX = 'Kestrel will pay';

const PUBLIC_Q17 = [
  'American AI Exports Program Comments',
  '',
  'Question 17: The most useful federal support mechanisms are EXIM direct loans and DFC political risk insurance, because partner governments compare American offers with state-backed financing.',
  '',
  'Question 17(a): The Department should also mobilize an export licensing fast lane at BIS for designated full-stack packages.',
  '',
  'Question 19: Export control compliance should rest on end-user screening that vendors can test against before a proposal is filed.',
  '',
  'Page 1',
].join('\n');

let web: BrowserEnv;
let analystToken: string;
let officerToken: string;
let pairSubmissionId = '';

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${web.baseUrl}/#/sign-in`);
  await pageReady(page);
  await page.getByLabel('Staff token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.hash.startsWith('#/sign-in'));
  await pageReady(page);
  await page.locator('#signed-in-as').waitFor();
}

async function go(page: Page, hash: string): Promise<void> {
  await page.goto(`${web.baseUrl}/#/${hash}`);
  await pageReady(page);
}

async function expectNoBcText(page: Page): Promise<void> {
  const text = await pageText(page);
  expect(text).not.toContain(BC_ONLY);
  expect(text).not.toContain(UNDER_THE_BOX);
  expect(await page.content()).not.toContain('41,300');
}

beforeAll(async () => {
  web = await startBrowserEnv();
  await resetData(web.env);
  analystToken = await createApiToken(web.env.db, 'analyst', 'Jo Analyst');
  officerToken = await createApiToken(web.env.db, 'confidentiality_officer', 'Sam Officer');
  const seeded = [
    await submit(
      web.env,
      {
        submitter_name: 'Northwind Trade Council',
        email: 'policy@northwind.example',
        organization: 'Northwind Trade Council',
        submitter_type: 'trade_association',
      },
      [{ name: 'northwind-comments.txt', content: PUBLIC_Q17 }],
    ),
    await submit(
      web.env,
      {
        submitter_name: 'Dana Ruiz',
        email: 'dana@harbor.example',
        organization: 'Harbor University',
        submitter_type: 'academic',
      },
      [
        {
          name: 'harbor-comments.pdf',
          content: new Uint8Array(await fixture('pdf-12pt-page-numbers-footer.pdf')),
        },
      ],
    ),
    await submit(
      web.env,
      { submitter_name: 'Rowan Hale', email: 'rowan@example.com', submitter_type: 'company' },
      [
        {
          name: 'comments.pdf',
          content: new Uint8Array(await fixture('redaction/black-box-over-text.bad-p2.pdf')),
        },
      ],
    ),
  ];
  for (const response of seeded) expect(response.statusCode).toBe(201);
}, 120_000);

afterAll(async () => {
  await web?.close();
});

describe('a commenter in the browser', () => {
  it('submits a BC file and its public version through the form and watches the findings arrive', async () => {
    const { page, errors } = await openPage(web.browser);
    await go(page, 'submit');
    await expect.poll(() => pageText(page)).toContain('Before you upload');
    // From the keyboard, the first Tab offers the skip link, which lands on the page's heading.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await page.getByLabel('Your name (required)').fill('Avery Chen');
    await page.getByLabel('Email (required; not published)').fill('avery@acme.example');
    await page.getByLabel('Organization').fill('Acme AI');
    await page.getByLabel('You are responding as').selectOption('company');
    // Unmarked on purpose: its page holds text the public version lacks, so bc_page_unmarked must come back.
    const bc = await buildPdf({
      bodySizePt: 12,
      caption: true,
      pageNumbers: 'Page N',
      pages: [
        {
          blocks: [
            {
              heading: 'Question 17: Federal Support',
              text: 'Our consortium would use EXIM co-financing for its first two deployments.',
            },
            { text: CONFIDENTIAL_PARAGRAPH },
          ],
        },
      ],
    });
    const files = page.locator('#files');
    await files.setInputFiles([
      { name: 'BC_acme.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bc) },
      { name: 'bc notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') },
    ]);
    // Each chosen file says how its name will be read, and a near miss is called out before upload.
    const table = page.locator('.file-table');
    await expect.poll(() => table.textContent()).toContain('Business confidential (not published)');
    expect(await table.textContent()).toContain('looks meant to mark business confidential');
    await expect.poll(() => page.getByLabel(/Publish files as named/).isVisible()).toBe(true);

    // A BC file alone, and a near-miss name nobody vouched for, are stopped in the page before anything is sent.
    await page
      .getByLabel(/Why should the business confidential information be withheld/)
      .fill('The unit price is a trade secret, exempt under 5 U.S.C. 552(b)(4).');
    await page.getByRole('button', { name: 'Submit response' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('needs its public version');
    expect(await page.getByRole('alert').textContent()).toContain('Rename it, or tick');

    await files.setInputFiles([
      {
        name: 'P_acme.pdf',
        mimeType: 'application/pdf',
        buffer: await fixture('P-pair-header-public-paragraph-removed.pdf'),
      },
    ]);
    await expect.poll(() => table.textContent()).toContain('Public version');
    await screenshot(page, 'submit', 2400);
    await page.getByRole('button', { name: 'Remove bc notes.txt' }).click();
    await expect.poll(() => page.getByLabel(/Publish files as named/).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Submit response' }).click();

    await page.waitForURL(/#\/receipt\/[0-9a-f-]+\?token=rcpt_/);
    await pageReady(page);
    pairSubmissionId = /receipt\/([0-9a-f-]+)/.exec(page.url())![1]!;
    const token = await page.locator('#receipt-token-value').textContent();
    expect(token).toMatch(/^rcpt_/);
    expect(await page.locator('#receipt-link').getAttribute('href')).toContain(`token=${token}`);

    // The page re-reads the status by itself until the worker has read both files.
    await page.locator('.finding[data-code="bc_page_unmarked"]').first().waitFor({ timeout: 90_000 });
    await expect
      .poll(() => page.locator('p.status').textContent(), { timeout: 90_000 })
      .toBe('Read and checked');
    const finding = await page.locator('.finding[data-code="bc_page_unmarked"]').first().textContent();
    expect(finding).toContain('BC_acme.pdf, page 1');
    expect(finding).toContain('add that marking to every such page');
    await screenshot(page, 'receipt');
    expect(errors).toEqual([]);
  }, 150_000);
});

describe('an analyst in the browser', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(web.browser));
    await waitFor(
      async () => {
        const rows = await web.env.db.selectFrom('submissions').select('status').execute();
        return rows.length === 4 && rows.every((r) => r.status === 'processed') ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'every submission to be read' },
    );
  }, 120_000);

  it('signs in with a pasted token and sees the analyst pages, not the officer’s', async () => {
    await go(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signIn(page, analystToken);
    expect(await page.locator('#signed-in-as').textContent()).toBe('Signed in as Jo Analyst (Analyst)');
    const nav = await page.getByRole('navigation', { name: 'Main' }).textContent();
    expect(nav).toContain('Questions');
    expect(nav).toContain('Coverage');
    expect(nav).not.toContain('Confidentiality');
    // The session lives in this tab's session storage only.
    expect(await page.evaluate(() => sessionStorage.getItem('docket.staff-session'))).toContain('analyst');
  });

  it('reads the questions by section with answer counts', async () => {
    await go(page, 'questions');
    const text = await pageText(page);
    expect(text).toContain('Section F. Federal Support');
    expect(await page.locator('.question-list > li').count()).toBe(28);
    await screenshot(page, 'questions');
    await expectNoBcText(page);
  });

  it('opens Question 17, searches within it with the matches highlighted, and downloads the CSV', async () => {
    await page.getByRole('link', { name: /^Question 17 / }).click();
    await pageReady(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Question 17');
    expect(await pageText(page)).toContain('Northwind Trade Council');
    await expectNoBcText(page);

    await page.getByLabel('Search within this question').fill('EXIM');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=EXIM/);
    await pageReady(page);
    const marks = await page.locator('.answers mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks.map((m) => m.toLowerCase()))).toEqual(new Set(['exim']));
    const card = await page.locator('.answer').first().textContent();
    expect(card).toContain('northwind-comments.txt');
    expect(card).toContain('Names the question');
    await screenshot(page, 'question-17');
    await expectNoBcText(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ITA-ITA-2025-0070-question-17-answers.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'submission_id,submitter,organization,submitter_type,file,confidentiality,page,evidence,confidence,text',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(csv).toContain('Northwind Trade Council');
    expect(csv).toContain('EXIM direct loans');
    expect(csv).not.toContain('41,300');
  });

  it('searches every response and sees ranked snippets with their questions', async () => {
    await go(page, 'search?q=EXIM%20financing');
    const hits = page.locator('.hit');
    expect(await hits.count()).toBeGreaterThan(0);
    expect(await hits.first().locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('.chip', { hasText: 'Q17' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'search');
    await expectNoBcText(page);
    await go(page, 'search?q=accelerator%20pricing%20node');
    await expectNoBcText(page);
  });

  it('sees coverage as a matrix whose rows open the submission, without BC text', async () => {
    await go(page, 'coverage');
    const rows = page.locator('.coverage tbody tr');
    expect(await rows.count()).toBe(4);
    await screenshot(page, 'coverage');
    await expectNoBcText(page);
    await page.locator('.coverage tbody th a', { hasText: 'Avery Chen' }).click();
    await pageReady(page);
    expect(page.url()).toContain(`#/submissions/${pairSubmissionId}`);
    const text = await pageText(page);
    expect(text).toContain('BC_acme.pdf');
    expect(text).toContain('read only by confidentiality officers');
    expect(text).toContain('bc_page_unmarked');
    await screenshot(page, 'submission');
    await expectNoBcText(page);
    expect(errors).toEqual([]);
  });
});

describe('a confidentiality officer in the browser', () => {
  it('releases a quarantined file with a reason and sees the release in the audit log', async () => {
    const { page, errors } = await openPage(web.browser);
    await signIn(page, officerToken);
    expect(page.url()).toContain('#/confidentiality');
    const nav = await page.getByRole('navigation', { name: 'Main' }).textContent();
    expect(nav).toContain('Confidentiality');

    // The BC pair is listed with its public version and its problems.
    const pair = page.locator('.bc-card', { hasText: 'Avery Chen' });
    expect(await pair.textContent()).toContain('P_acme.pdf');
    expect(await pair.locator('.finding[data-code="bc_page_unmarked"]').count()).toBeGreaterThan(0);

    const withheld = page.locator('.bc-card', { hasText: 'Rowan Hale' });
    await withheld.getByRole('button', { name: 'Release comments.pdf' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'release-dialog', 800);
    const reason = 'The covered figure was published in the company’s annual report.';
    await dialog.getByLabel(/Reason/).fill(reason);
    await dialog.getByRole('button', { name: 'Release file' }).click();
    await page.locator('#release-notice .message-success').waitFor();
    const event = page.locator('.audit-table tr[data-action="file_released"]');
    expect(await event.count()).toBe(1);
    const row = await event.textContent();
    expect(row).toContain('confidentiality_officer:Sam Officer');
    expect(row).toContain(reason);
    expect(await withheld.getByRole('button', { name: 'Release comments.pdf' }).count()).toBe(0);
    await screenshot(page, 'confidentiality', 2600);

    // An officer who asks reads the BC text, and that read is recorded too.
    await go(page, `submissions/${pairSubmissionId}?include_confidential=true`);
    expect(await pageText(page)).toContain(BC_ONLY);
    await go(page, 'confidentiality');
    expect(
      await page.locator('.audit-table tr[data-action="read_confidential_text"]').count(),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
