import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createApiToken } from '../../src/auth/tokens.ts';
import { createFileAnalyser } from '../../src/pipeline/file-analyser.ts';
import { processSubmission } from '../../src/pipeline/process-submission.ts';
import { createTestEnv, DOCKET, resetData, submit, type TestEnv } from '../support/test-env.ts';

/**
 * The contract's visibility rule, for every role and every endpoint that can carry document text:
 * BC text and the text of a quarantined file reach only a confidentiality officer who asks for it,
 * and each response that carries it leaves exactly one audit event naming the files it came from.
 */
const BC_SECRET = 'Zanzibar offtake pricing of forty-one cents per kilowatt hour';
const QUARANTINED = 'Kestrel will pay'; // under a black box that hides nothing, page 2 of the fixture
const PUBLIC_TEXT = 'EXIM direct loans and DFC political risk insurance would help consortia most.';

let env: TestEnv;
const tokens: Record<string, string> = {};
let bcSubmission: string;
let bcReceipt: string;
let bcFileId: string;
let quarantinedSubmission: string;
let quarantinedFileId: string;

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
  const analyser = createFileAnalyser(env.config);
  for (const role of ['analyst', 'confidentiality_officer', 'admin'] as const) {
    tokens[role] = await createApiToken(env.db, role, `matrix ${role}`);
  }
  const bcText = `BUSINESS CONFIDENTIAL\nAmerican AI Exports Program Comments\n\nQuestion 17: ${PUBLIC_TEXT}\n\nQuestion 17(a): ${BC_SECRET}.\n\nPage 1`;
  const pText = `PUBLIC\nAmerican AI Exports Program Comments\n\nQuestion 17: ${PUBLIC_TEXT}\n\nQuestion 17(a): [REDACTED]\n\nPage 1`;
  const pair = await submit(
    env,
    {
      submitter_name: 'Avery Chen',
      email: 'avery@example.com',
      bc_justification: 'Trade secrets, 5 U.S.C. 552(b)(4).',
    },
    [
      { name: 'BC_acme.txt', content: bcText },
      { name: 'P_acme.txt', content: pText },
    ],
  );
  ({ id: bcSubmission, receipt_token: bcReceipt } = pair.json());
  bcFileId = pair.json().files[0].id;
  const leaky = await submit(env, { submitter_name: 'Rowan Hale', email: 'rowan@example.com' }, [
    {
      name: 'comments.pdf',
      content: new Uint8Array(
        await readFile(new URL('../../fixtures/redaction/black-box-over-text.bad-p2.pdf', import.meta.url)),
      ),
    },
  ]);
  quarantinedSubmission = leaky.json().id;
  quarantinedFileId = leaky.json().files[0].id;
  for (const id of [bcSubmission, quarantinedSubmission]) {
    await processSubmission({ db: env.db, store: env.store, analyser }, id);
  }
  await analyser.close();
  const quarantined = await env.db
    .selectFrom('files')
    .select('quarantined')
    .where('id', '=', quarantinedFileId)
    .executeTakeFirstOrThrow();
  expect(quarantined.quarantined).toBe(true);
});
afterAll(async () => {
  await env.close();
});

/** Every endpoint that returns document text, with the protected text it could carry and from which file. */
const textEndpoints = () => [
  {
    name: 'answers',
    url: `/api/v1/dockets/${DOCKET}/questions/17/answers`,
    carries: [[BC_SECRET, bcFileId]],
  },
  {
    name: 'answers CSV',
    url: `/api/v1/dockets/${DOCKET}/questions/17/answers?format=csv`,
    carries: [[BC_SECRET, bcFileId]],
  },
  {
    name: 'search (BC)',
    url: `/api/v1/dockets/${DOCKET}/search?q=Zanzibar%20offtake`,
    carries: [['Zanzibar', bcFileId]],
  },
  {
    name: 'search (quarantined)',
    url: `/api/v1/dockets/${DOCKET}/search?q=Kestrel`,
    carries: [['Kestrel', quarantinedFileId]],
  },
  {
    name: 'submission passages (BC)',
    url: `/api/v1/submissions/${bcSubmission}/passages`,
    carries: [[BC_SECRET, bcFileId]],
  },
  {
    name: 'submission passages (quarantined)',
    url: `/api/v1/submissions/${quarantinedSubmission}/passages`,
    carries: [[QUARANTINED, quarantinedFileId]],
  },
];
/** Endpoints that never carry document text, for any role. */
const textFreeEndpoints = () => [
  `/api/v1/dockets/${DOCKET}/questions`,
  `/api/v1/dockets/${DOCKET}/coverage`,
  `/api/v1/submissions/${bcSubmission}`,
  `/api/v1/submissions/${quarantinedSubmission}`,
];

const withInclude = (url: string) => `${url}${url.includes('?') ? '&' : '?'}include_confidential=true`;
const get = (url: string, token?: string) =>
  env.app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const auditEvents = () => env.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
const protectedTexts = [BC_SECRET, 'Zanzibar', QUARANTINED, 'Kestrel'];

describe('who may read BC and quarantined text, endpoint by endpoint', () => {
  it('without a token every staff endpoint is 401 and says how to sign in', async () => {
    for (const { url } of textEndpoints()) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.message).toMatch(/token/i);
    }
  });

  it('an admin token is 403 on every text endpoint (admins manage tokens and dockets, not text)', async () => {
    for (const { url } of textEndpoints()) expect((await get(url, tokens.admin)).statusCode, url).toBe(403);
  });

  for (const [who, include] of [
    ['analyst', false],
    ['analyst', true],
    ['confidentiality_officer', false],
  ] as const) {
    it(`${who}${include ? ' asking for include_confidential' : ''}: no protected text on any endpoint, and no audit event`, async () => {
      const before = (await auditEvents()).length;
      for (const { url } of textEndpoints()) {
        const response = await get(include ? withInclude(url) : url, tokens[who]);
        expect(response.statusCode, url).toBe(200);
        for (const text of protectedTexts)
          expect(response.body, `${url} leaks "${text}"`).not.toContain(text);
      }
      expect((await auditEvents()).length).toBe(before);
    });
  }

  it('an analyst still reads the public version, and is told which files were withheld', async () => {
    const answers = await get(`/api/v1/dockets/${DOCKET}/questions/17/answers`, tokens.analyst);
    expect(answers.body).toContain('EXIM direct loans');
    const passages = (await get(`/api/v1/submissions/${bcSubmission}/passages`, tokens.analyst)).json();
    expect(passages.withheld_file_ids).toEqual([bcFileId]);
    expect(passages.items.every((p: { confidentiality: string }) => p.confidentiality === 'public')).toBe(
      true,
    );
  });

  it('an officer asking for it reads each endpoint’s protected text, and each response leaves exactly one audit event naming its files', async () => {
    for (const { url, carries } of textEndpoints()) {
      const before = (await auditEvents()).length;
      const response = await get(withInclude(url), tokens.confidentiality_officer);
      expect(response.statusCode, url).toBe(200);
      for (const [text] of carries) expect(response.body, url).toContain(text);
      const events = await auditEvents();
      expect(events.length, url).toBe(before + 1);
      const event = events.at(-1)!;
      expect(event).toMatchObject({
        actor: 'confidentiality_officer:matrix confidentiality_officer',
        action: 'read_confidential_text',
      });
      expect(event.file_ids, url).toEqual(carries.map(([, fileId]) => fileId));
    }
  });

  it('endpoints without document text carry none for any role, and are not audited', async () => {
    const before = (await auditEvents()).length;
    for (const url of textFreeEndpoints()) {
      for (const token of [tokens.analyst, tokens.confidentiality_officer]) {
        const response = await get(withInclude(url), token);
        expect(response.statusCode, url).toBe(200);
        for (const text of protectedTexts)
          expect(response.body, `${url} leaks "${text}"`).not.toContain(text);
      }
    }
    expect((await auditEvents()).length).toBe(before);
  });

  it('the submitter reads their own status with the receipt token, without their BC text, and no other submission', async () => {
    const own = await env.app.inject({
      url: `/api/v1/submissions/${bcSubmission}`,
      headers: { 'x-receipt-token': bcReceipt },
    });
    expect(own.statusCode).toBe(200);
    for (const text of protectedTexts) expect(own.body).not.toContain(text);
    const other = await env.app.inject({
      url: `/api/v1/submissions/${quarantinedSubmission}`,
      headers: { 'x-receipt-token': bcReceipt },
    });
    expect(other.statusCode).toBe(401);
    const passages = await env.app.inject({
      url: `/api/v1/submissions/${bcSubmission}/passages`,
      headers: { 'x-receipt-token': bcReceipt },
    });
    expect(passages.statusCode).toBe(401);
  });

  it('errors carry no text either: a bad cursor or an unknown id says what to do and nothing more', async () => {
    for (const url of [
      `/api/v1/dockets/${DOCKET}/questions/17/answers?cursor=Zanzibar`,
      `/api/v1/submissions/00000000-0000-0000-0000-000000000000/passages`,
    ]) {
      const response = await get(url, tokens.analyst);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.json().error.message).not.toMatch(/Kestrel|offtake/);
    }
  });

  it('the server log of protected reads and failed requests holds none of the protected text', async () => {
    const lines: string[] = [];
    const logged = await buildApp(
      { config: env.config, db: env.db, store: env.store, queue: env.queue },
      { logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } } },
    );
    try {
      for (const { url } of textEndpoints()) {
        await logged.inject({
          url: withInclude(url),
          headers: { authorization: `Bearer ${tokens.confidentiality_officer}` },
        });
        await logged.inject({ url, headers: { authorization: 'Bearer dkt_wrong' } });
      }
      await logged.inject({ url: `/api/v1/submissions/${bcSubmission}?receipt_token=${bcReceipt}` });
    } finally {
      await logged.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join('');
    for (const text of [...protectedTexts, bcReceipt, tokens.confidentiality_officer!])
      expect(log).not.toContain(text);
  });
});
