import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-log.ts';
import { createApiToken } from '../../src/auth/tokens.ts';
import { createFileAnalyser } from '../../src/pipeline/file-analyser.ts';
import { processSubmission } from '../../src/pipeline/process-submission.ts';
import { createTestEnv, DOCKET, resetData, submit, type TestEnv } from '../support/test-env.ts';

const SECRET = 'Zanzibar offtake pricing of forty-one cents per kilowatt hour with Orlov Cooling';
const PUBLIC_TEXT = 'EXIM direct loans and DFC political risk insurance would help consortia most.';

let env: TestEnv;
let analyst: string;
let officer: string;
let analyser: ReturnType<typeof createFileAnalyser>;

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
  analyser = createFileAnalyser(env.config);
  analyst = await createApiToken(env.db, 'analyst', 'test analyst');
  officer = await createApiToken(env.db, 'confidentiality_officer', 'test officer');
  const bcText = `BUSINESS CONFIDENTIAL\nAmerican AI Exports Program Comments\n\nQuestion 17: ${PUBLIC_TEXT}\n\nQuestion 17(a): ${SECRET}.\n\nPage 1`;
  const pText = `PUBLIC\nAmerican AI Exports Program Comments\n\nQuestion 17: ${PUBLIC_TEXT}\n\nQuestion 17(a): [REDACTED]\n\nPage 1`;
  const response = await submit(
    env,
    {
      submitter_name: 'Avery Chen',
      email: 'avery@example.com',
      bc_justification: 'Trade secrets under 5 U.S.C. 552(b)(4).',
    },
    [
      { name: 'BC_acme.txt', content: bcText },
      { name: 'P_acme.txt', content: pText },
    ],
  );
  expect(response.statusCode).toBe(201);
  await processSubmission({ db: env.db, store: env.store, analyser }, response.json().id);
});
afterAll(async () => {
  await analyser.close();
  await env.close();
});

const get = (url: string, token: string, accept = 'application/json') =>
  env.app.inject({ url, headers: { authorization: `Bearer ${token}`, accept } });
const auditCount = async () => (await env.db.selectFrom('audit_events').select('id').execute()).length;

const endpoints = [
  `/api/v1/dockets/${DOCKET}/questions/17/answers`,
  `/api/v1/dockets/${DOCKET}/questions/17/answers?format=csv`,
  `/api/v1/dockets/${DOCKET}/search?q=Zanzibar%20offtake`,
];

describe('business-confidential text reaches only an officer who asks for it', () => {
  it.each(endpoints)('an analyst never sees BC text through %s, even asking for it', async (url) => {
    for (const suffix of ['', `${url.includes('?') ? '&' : '?'}include_confidential=true`]) {
      const response = await get(url + suffix, analyst);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('Zanzibar');
    }
  });

  it('an analyst still reads the public version’s answer', async () => {
    const response = await get(`/api/v1/dockets/${DOCKET}/questions/17/answers`, analyst);
    expect(response.json().items.map((i: { filename: string }) => i.filename)).toEqual(['P_acme.txt']);
  });

  it.each(endpoints)(
    'an officer without include_confidential sees no BC text through %s, and no audit event is written',
    async (url) => {
      const before = await auditCount();
      const response = await get(url, officer);
      expect(response.body).not.toContain('Zanzibar');
      expect(await auditCount()).toBe(before);
    },
  );

  it.each(endpoints)(
    'an officer asking for it reads BC text through %s, and exactly one audit event records it',
    async (url) => {
      const before = await auditCount();
      const response = await get(`${url}${url.includes('?') ? '&' : '?'}include_confidential=true`, officer);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Zanzibar');
      expect(await auditCount()).toBe(before + 1);
      const event = await env.db
        .selectFrom('audit_events')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({
        actor: 'confidentiality_officer:test officer',
        action: 'read_confidential_text',
      });
      expect(event.file_ids).toHaveLength(1);
    },
  );

  it('the audit trail refuses to be rewritten', async () => {
    await expect(env.db.updateTable('audit_events').set({ actor: 'someone else' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(env.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('a missing token is 401 and an admin token is 403 on the analyst endpoints', async () => {
    const admin = await createApiToken(env.db, 'admin', 'test admin');
    expect((await env.app.inject({ url: endpoints[0]! })).statusCode).toBe(401);
    expect((await get(endpoints[0]!, 'dkt_not_a_token')).statusCode).toBe(401);
    expect((await get(endpoints[0]!, admin)).statusCode).toBe(403);
  });

  it('questions list all 28 with answer counts over visible text', async () => {
    const response = await get(`/api/v1/dockets/${DOCKET}/questions`, analyst);
    const items = response.json().items;
    expect(items).toHaveLength(28);
    const answers = (await get(`/api/v1/dockets/${DOCKET}/questions/17/answers`, analyst)).json().items;
    expect(answers.length).toBeGreaterThan(0);
    expect(items.find((q: { number: number }) => q.number === 17)).toMatchObject({
      section: 'F',
      section_title: 'Federal Support',
      answer_count: answers.length,
    });
  });
});

describe('the audit trail', () => {
  it('lists protected reads for an officer, newest first, and refuses an analyst', async () => {
    const response = await get('/api/v1/audit/events?limit=2', officer);
    expect(response.statusCode).toBe(200);
    expect(response.json().items[0]).toMatchObject({
      actor: 'confidentiality_officer:test officer',
      action: 'read_confidential_text',
    });
    expect(response.json().next_cursor).toEqual(expect.any(String));
    expect((await get('/api/v1/audit/events', analyst)).statusCode).toBe(403);
  });

  it('shows the BC submission with its files in the confidentiality overview', async () => {
    const response = await get('/api/v1/audit/confidentiality', officer);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(1);
    expect(
      response
        .json()
        .items[0].files.map((f: { filename: string }) => f.filename)
        .sort(),
    ).toEqual(['BC_acme.txt', 'P_acme.txt']);
  });

  it('verifies an intact chain, and names the first event whose row was altered', async () => {
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: true });
    const events = await env.db.selectFrom('audit_events').select('id').orderBy('id').execute();
    const victim = events[1]!.id;
    // Tampering as a superuser could: past the append-only guard.
    await sql`
      ALTER TABLE audit_events DISABLE TRIGGER USER;
      UPDATE audit_events SET actor = 'nobody' WHERE id = ${sql.lit(victim)};
      ALTER TABLE audit_events ENABLE TRIGGER USER;
    `.execute(env.db);
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false, brokenAt: victim });
  });
});
