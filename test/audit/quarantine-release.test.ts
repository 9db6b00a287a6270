import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-log.ts';
import { createApiToken } from '../../src/auth/tokens.ts';
import { createFileAnalyser } from '../../src/pipeline/file-analyser.ts';
import { processSubmission } from '../../src/pipeline/process-submission.ts';
import { createTestEnv, DOCKET, multipart, resetData, submit, type TestEnv } from '../support/test-env.ts';

// The fixture's second page hides this sentence under a black box that does not remove it.
const HIDDEN = 'Kestrel will pay';
const BAD_REDACTION = new URL('../../fixtures/redaction/black-box-over-text.bad-p2.pdf', import.meta.url);

let env: TestEnv;
let analyst: string;
let officer: string;
let analyser: ReturnType<typeof createFileAnalyser>;
let submissionId: string;
let receipt: string;
let badFileId: string;

const asStaff = (token: string) => ({ authorization: `Bearer ${token}` });
const process = (id: string) => processSubmission({ db: env.db, store: env.store, analyser }, id);
const status = async () =>
  (
    await env.app.inject({
      url: `/api/v1/submissions/${submissionId}`,
      headers: { 'x-receipt-token': receipt },
    })
  ).json();
const release = (fileId: string, token: string, reason: string) =>
  env.app.inject({
    method: 'POST',
    url: `/api/v1/files/${fileId}/release`,
    headers: asStaff(token),
    payload: { reason },
  });
async function addFiles(
  files: { name: string; content: string | Uint8Array<ArrayBuffer> }[],
  token = receipt,
) {
  const { payload, headers } = await multipart({}, files);
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/submissions/${submissionId}/files`,
    payload,
    headers: { ...headers, 'x-receipt-token': token },
  });
}
async function analystSees(text: string): Promise<boolean> {
  const response = await env.app.inject({
    url: `/api/v1/submissions/${submissionId}/passages`,
    headers: asStaff(analyst),
  });
  expect(response.statusCode).toBe(200);
  return response.body.includes(text);
}

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
  analyser = createFileAnalyser(env.config);
  analyst = await createApiToken(env.db, 'analyst', 'test analyst');
  officer = await createApiToken(env.db, 'confidentiality_officer', 'test officer');
  const response = await submit(env, { submitter_name: 'Rowan Hale', email: 'rowan@example.com' }, [
    { name: 'comments.pdf', content: new Uint8Array(await readFile(BAD_REDACTION)) },
  ]);
  expect(response.statusCode).toBe(201);
  ({ id: submissionId, receipt_token: receipt } = response.json());
  badFileId = response.json().files[0].id;
  await process(submissionId);
});
afterAll(async () => {
  await analyser.close();
  await env.close();
});

describe('a file whose redaction fails is quarantined until an officer decides', () => {
  it('is quarantined with redaction_recoverable on the right page, and its text reaches no analyst', async () => {
    const view = await status();
    expect(view.files[0]).toMatchObject({ id: badFileId, status: 'processed', quarantined: true });
    expect(view.findings).toContainEqual(
      expect.objectContaining({ code: 'redaction_recoverable', file_id: badFileId, page: 2 }),
    );
    expect(await analystSees(HIDDEN)).toBe(false);
  });

  it('tells the submitter what went wrong and asks for a corrected public version, without quoting the file', async () => {
    const view = await status();
    expect(view.next_steps).toHaveLength(1);
    expect(view.next_steps[0]).toMatch(/withheld.*page 2.*corrected public version/s);
    expect(JSON.stringify(view)).not.toContain(HIDDEN);
  });

  it('may be released only by a confidentiality officer, with a reason', async () => {
    expect(
      (
        await env.app.inject({
          method: 'POST',
          url: `/api/v1/files/${badFileId}/release`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await release(badFileId, analyst, 'The covered text is already public.')).statusCode).toBe(403);
    const tooShort = await release(badFileId, officer, 'ok');
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.json().error.message).toMatch(/reason/);
    expect(
      (await release('00000000-0000-0000-0000-000000000000', officer, 'A sufficient reason.')).statusCode,
    ).toBe(404);
    expect((await release('not-an-id', officer, 'A sufficient reason.')).statusCode).toBe(404);
    expect(await analystSees(HIDDEN)).toBe(false);
  });

  it('a release lifts the quarantine, and the audit trail records who released it and why', async () => {
    const reason = 'The covered figure was published in the company’s annual report.';
    const response = await release(badFileId, officer, reason);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      file_id: badFileId,
      submission_id: submissionId,
      quarantined: false,
      released_by: 'confidentiality_officer:test officer',
      reason,
    });
    expect(await analystSees(HIDDEN)).toBe(true);
    const events = (await env.app.inject({ url: '/api/v1/audit/events', headers: asStaff(officer) })).json()
      .items;
    expect(events[0]).toMatchObject({
      action: 'file_released',
      actor: 'confidentiality_officer:test officer',
      submission_id: submissionId,
      file_ids: [badFileId],
      detail: { reason },
    });
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: true });
    const overview = (
      await env.app.inject({ url: '/api/v1/audit/confidentiality', headers: asStaff(officer) })
    ).json();
    expect(overview.items).toEqual([
      expect.objectContaining({
        submission_id: submissionId,
        submitter_name: 'Rowan Hale',
        files: [expect.objectContaining({ file_id: badFileId, quarantined: false, release_reason: reason })],
        findings: expect.arrayContaining([
          expect.objectContaining({ code: 'redaction_recoverable', page: 2 }),
        ]),
      }),
    ]);
    expect((await release(badFileId, officer, 'Releasing it a second time.')).statusCode).toBe(409);
  });

  it('reading the file again keeps the officer’s release', async () => {
    await env.db.updateTable('files').set({ status: 'queued' }).where('id', '=', badFileId).execute();
    await process(submissionId);
    const file = await env.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', badFileId)
      .executeTakeFirstOrThrow();
    expect(file).toMatchObject({ status: 'processed', quarantined: false });
    expect(await analystSees(HIDDEN)).toBe(true);
  });
});

describe('the submitter adds a corrected version to the same submission', () => {
  it('needs the submission’s own receipt token', async () => {
    const file = {
      name: 'comments-corrected.txt',
      content: 'American AI Exports Program Comments\n\nPage 1',
    };
    expect((await addFiles([file], 'rcpt_wrong')).statusCode).toBe(401);
    const { payload, headers } = await multipart({}, [file]);
    const anonymous = await env.app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${submissionId}/files`,
      payload,
      headers,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.message).toMatch(/receipt token/);
  });

  it('follows the docket’s rules: a BC file still needs a public version and a justification', async () => {
    const bcOnly = await addFiles([{ name: 'BC_comments.txt', content: 'BUSINESS CONFIDENTIAL\nsecret' }]);
    expect(bcOnly.statusCode).toBe(422);
    expect(bcOnly.json().error.code).toBe('bc_public_version_missing');
    const nearMiss = await addFiles([{ name: 'bc_comments.txt', content: 'text' }]);
    expect(nearMiss.json().error.code).toBe('filename_prefix_ambiguous');
    const files = await env.db
      .selectFrom('files')
      .select('id')
      .where('submission_id', '=', submissionId)
      .execute();
    expect(files).toHaveLength(1);
  });

  it('is stored, queued and read, and the status then says the correction arrived', async () => {
    // As if the officer had kept it withheld: the case a corrected version exists for.
    await env.db
      .updateTable('files')
      .set({ quarantined: true, released_at: null })
      .where('id', '=', badFileId)
      .execute();
    const corrected =
      'American AI Exports Program Comments\n\nExport compliance depends on controlling who uses the accelerators.\n\nPage 1';
    const response = await addFiles([{ name: 'comments-corrected.txt', content: corrected }]);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ submission_id: submissionId, status: 'received' });
    expect(body.files).toHaveLength(1);
    expect(body.findings).toContainEqual(expect.objectContaining({ code: 'filename_assumed_public' }));
    expect((await status()).status).toBe('received');
    const queued = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM outbox WHERE payload->>'submissionId' = ${submissionId}`.execute(env.db);
    expect(queued.rows[0]?.n).toBe(2);

    await process(submissionId);
    const view = await status();
    expect(view.status).toBe('processed');
    expect(view.files.map((f: { status: string }) => f.status)).toEqual(['processed', 'processed']);
    expect(view.next_steps).toEqual([
      expect.stringMatching(/stays withheld.*comments-corrected\.txt.*received/s),
    ]);
  });
});

describe('refused tokens are rate-limited per address', () => {
  it('answers 429 after too many refused tokens, while good tokens from elsewhere still work', async () => {
    const limited = await createTestEnv({ AUTH_FAILURES_PER_MINUTE: 3 });
    try {
      const url = `/api/v1/dockets/${DOCKET}/questions`;
      const token = await createApiToken(limited.db, 'analyst', 'rate test');
      for (let i = 0; i < 3; i++) {
        const refused = await limited.app.inject({ url, headers: { authorization: 'Bearer dkt_guess' } });
        expect(refused.statusCode).toBe(401);
      }
      const blocked = await limited.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error).toMatchObject({ code: 'too_many_failed_attempts' });
      expect(blocked.json().error.message).toMatch(/Wait \d+ seconds/);
      const elsewhere = await limited.app.inject({
        url,
        headers: { authorization: `Bearer ${token}` },
        remoteAddress: '10.1.2.3',
      });
      expect(elsewhere.statusCode).toBe(200);
      const anonymousUpload = await limited.app.inject({ url: `/api/v1/dockets/${DOCKET}` });
      expect(anonymousUpload.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
