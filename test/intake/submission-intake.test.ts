import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setCommentDeadline } from '../../src/docket/docket-repository.ts';
import {
  createTestEnv,
  DOCKET,
  multipart,
  resetData,
  storedFiles,
  submit,
  type TestEnv,
  tinyPdf,
} from '../support/test-env.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env.close());
beforeEach(async () => resetData(env));

const person = { submitter_name: 'Avery Chen', email: 'avery@example.com' };
const justification = 'Customer names are trade secrets protected under 5 U.S.C. 552(b)(4).';

async function nothingStored() {
  const submissions = await env.db.selectFrom('submissions').select('id').execute();
  const files = await env.db.selectFrom('files').select('id').execute();
  expect(submissions).toEqual([]);
  expect(files).toEqual([]);
  expect(await storedFiles(env.store)).toEqual([]);
}

async function docx(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] })),
  );
}

describe('intake rejections store nothing and say what to do', () => {
  it.each([
    [
      'bc_public_version_missing',
      422,
      { ...person, bc_justification: justification },
      [{ name: 'BC_acme.pdf', content: tinyPdf() }],
    ],
    [
      'bc_justification_missing',
      422,
      person,
      [
        { name: 'BC_acme.pdf', content: tinyPdf() },
        { name: 'P_acme.pdf', content: tinyPdf('public') },
      ],
    ],
    ['filename_prefix_ambiguous', 422, person, [{ name: 'bc_acme.pdf', content: tinyPdf() }]],
    [
      'file_type_unsupported',
      415,
      person,
      [{ name: 'acme.pdf', content: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]) }],
    ],
    [
      'file_type_unsupported',
      415,
      person,
      [
        {
          name: 'photo.txt',
          content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        },
      ],
    ],
    ['empty_file', 422, person, [{ name: 'acme.pdf', content: '' }]],
    ['missing_field', 422, { email: 'avery@example.com' }, [{ name: 'acme.pdf', content: tinyPdf() }]],
    ['missing_field', 422, { submitter_name: 'Avery Chen' }, [{ name: 'acme.pdf', content: tinyPdf() }]],
    ['missing_field', 422, person, []],
  ] as const)('%s (HTTP %i)', async (code, status, fields, files) => {
    const response = await submit(env, { ...fields }, [...files]);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message.length).toBeGreaterThan(20);
    await nothingStored();
  });

  it('file_too_large (HTTP 413) when a file exceeds the docket limit', async () => {
    await env.db.updateTable('dockets').set({ max_file_bytes: 1000 }).where('id', '=', DOCKET).execute();
    try {
      const response = await submit(env, person, [{ name: 'acme.pdf', content: tinyPdf('x'.repeat(2000)) }]);
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('file_too_large');
      await nothingStored();
    } finally {
      await env.db
        .updateTable('dockets')
        .set({ max_file_bytes: 10485760 })
        .where('id', '=', DOCKET)
        .execute();
    }
  });

  it('too_many_files (HTTP 422) past the docket limit of files', async () => {
    await env.db.updateTable('dockets').set({ max_files: 2 }).where('id', '=', DOCKET).execute();
    try {
      const files = [1, 2, 3].map((i) => ({ name: `part${i}.txt`, content: `part ${i}` }));
      const response = await submit(env, person, files);
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('too_many_files');
      await nothingStored();
    } finally {
      await env.db.updateTable('dockets').set({ max_files: 20 }).where('id', '=', DOCKET).execute();
    }
  });

  it('a multipart body of thousands of tiny parts is refused without storing anything', async () => {
    const fields: Record<string, string> = { ...person };
    for (let i = 0; i < 3000; i++) fields[`x${i}`] = 'y';
    const response = await submit(env, fields, [{ name: 'a.txt', content: 'hello' }]);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('too_many_parts');
    await nothingStored();
  });

  it('an upload cut off mid-file leaves no row and no file', async () => {
    const { payload, headers } = await multipart(person, [
      { name: 'acme.txt', content: 'a'.repeat(100_000) },
    ]);
    const response = await env.app.inject({
      method: 'POST',
      url: `/api/v1/dockets/${DOCKET}/submissions`,
      payload: payload.subarray(0, 50_000),
      headers,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    await nothingStored();
  });
});

describe('accepted submissions', () => {
  it('classifies each file by its name: BC, P and assumed public', async () => {
    const response = await submit(
      env,
      { ...person, bc_justification: justification, organization: 'Acme AI' },
      [
        { name: 'BC_acme.pdf', content: tinyPdf('secret') },
        { name: 'P_acme.pdf', content: tinyPdf('public') },
        { name: 'annex.docx', content: await docx('An annex') },
      ],
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.status).toBe('received');
    expect(body.receipt_token).toMatch(/^rcpt_/);
    expect(
      body.files.map((f: { filename: string; confidentiality: string; media_type: string }) => [
        f.filename,
        f.confidentiality,
        f.media_type,
      ]),
    ).toEqual([
      ['BC_acme.pdf', 'business_confidential', 'application/pdf'],
      ['P_acme.pdf', 'public', 'application/pdf'],
      [
        'annex.docx',
        'assumed_public',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ]);
    const annex = body.files[2];
    expect(body.findings).toEqual([
      expect.objectContaining({
        code: 'filename_assumed_public',
        severity: 'warning',
        file_id: annex.id,
        page: null,
      }),
    ]);
  });

  it('a near-miss prefix is accepted as assumed public when the commenter acknowledges it', async () => {
    const response = await submit(env, { ...person, acknowledge_public: 'true' }, [
      { name: 'bc_acme.pdf', content: tinyPdf() },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.json().files[0].confidentiality).toBe('assumed_public');
    expect(response.json().findings.map((f: { code: string }) => f.code)).toEqual([
      'filename_assumed_public',
    ]);
  });

  it('stores the same bytes once, however often they are uploaded', async () => {
    const content = tinyPdf('same bytes');
    const first = await submit(env, person, [{ name: 'P_one.pdf', content }]);
    const second = await submit(env, { ...person, email: 'other@example.com' }, [
      { name: 'P_two.pdf', content },
    ]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(first.json().files[0].sha256).toBe(second.json().files[0].sha256);
    expect((await storedFiles(env.store)).filter((f) => f.startsWith('sha256'))).toHaveLength(1);
  });

  it('uploads sharing several files in opposite orders are both stored', async () => {
    const one = { name: 'P_one.pdf', content: tinyPdf('shared one') };
    const two = { name: 'P_two.pdf', content: tinyPdf('shared two') };
    const responses = await Promise.all([
      submit(env, person, [one, two]),
      submit(env, { ...person, email: 'other@example.com' }, [two, one]),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201]);
    expect((await storedFiles(env.store)).filter((f) => f.startsWith('sha256'))).toHaveLength(2);
  });

  it('the outbox row of an accepted upload names its job and is offered to the queue at once', async () => {
    const response = await submit(env, person, [{ name: 'P_one.pdf', content: tinyPdf() }]);
    expect(response.statusCode).toBe(201);
    const rows = await env.db
      .selectFrom('outbox')
      .select(['id', 'job_id', 'payload', 'enqueued_at'])
      .execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.job_id).toBe(`submission-${response.json().id}-${row.id}`);
    expect(row.payload).toEqual({ submissionId: response.json().id });
    expect(row.enqueued_at).not.toBeNull();
  });

  it('a typed comment alone is a submission, kept as an assumed-public text document', async () => {
    const response = await submit(env, { ...person, comment: 'We support the Program.' }, []);
    expect(response.statusCode).toBe(201);
    expect(response.json().files).toEqual([
      expect.objectContaining({
        filename: 'comment.txt',
        confidentiality: 'assumed_public',
        media_type: 'text/plain',
      }),
    ]);
    expect(response.json().findings).toEqual([]);
  });

  it('a file name with path separators and control characters is kept only as a name', async () => {
    const response = await submit(env, person, [{ name: '../../etc/P_x\u0007.txt', content: 'hello' }]);
    expect(response.statusCode).toBe(201);
    expect(response.json().files[0].filename).toBe('P_x.txt');
    expect(await storedFiles(env.store)).toEqual([
      expect.stringMatching(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/),
    ]);
  });

  it('a 500-character name with bidirectional overrides is cut to 200 characters, keeping its extension', async () => {
    const name = `P_${'\u202e'}${'a'.repeat(500)}.pdf`;
    const response = await submit(env, person, [{ name, content: tinyPdf() }]);
    expect(response.statusCode).toBe(201);
    const stored = response.json().files[0].filename;
    expect(stored).toHaveLength(200);
    expect(stored).toMatch(/^P_a+\.pdf$/);
  });

  it('a second submission from the same email or organization gets duplicate_submitter', async () => {
    await submit(env, { ...person, organization: 'Acme AI' }, [{ name: 'P_a.txt', content: 'one' }]);
    const sameEmail = await submit(env, { ...person, email: 'AVERY@example.com' }, [
      { name: 'P_b.txt', content: 'two' },
    ]);
    const sameOrg = await submit(
      env,
      { submitter_name: 'Bo', email: 'bo@example.com', organization: 'acme ai' },
      [{ name: 'P_c.txt', content: 'three' }],
    );
    const stranger = await submit(env, { submitter_name: 'Cy', email: 'cy@example.com' }, [
      { name: 'P_d.txt', content: 'four' },
    ]);
    const codes = (r: typeof sameEmail) => r.json().findings.map((f: { code: string }) => f.code);
    expect(codes(sameEmail)).toEqual(['duplicate_submitter']);
    expect(codes(sameOrg)).toEqual(['duplicate_submitter']);
    expect(codes(stranger)).toEqual([]);
  });

  it('a submission after the docket deadline gets late_submission, and is still accepted', async () => {
    await setCommentDeadline(env.db, DOCKET, new Date('2025-11-29T04:59:59.999Z'));
    const response = await submit(env, person, [{ name: 'P_late.txt', content: 'late words' }]);
    expect(response.statusCode).toBe(201);
    expect(response.json().findings).toEqual([
      expect.objectContaining({ code: 'late_submission', severity: 'info', file_id: null, page: null }),
    ]);
  });
});

describe('reading a submission back', () => {
  it('opens with its receipt token, and only with it', async () => {
    const created = (await submit(env, person, [{ name: 'P_a.txt', content: 'hello' }])).json();
    const ok = await env.app.inject({
      url: `/api/v1/submissions/${created.id}`,
      headers: { 'x-receipt-token': created.receipt_token },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      id: created.id,
      docket_id: DOCKET,
      files: [{ filename: 'P_a.txt', status: 'queued', page_count: null }],
    });
    const byQuery = await env.app.inject({
      url: `/api/v1/submissions/${created.id}?receipt_token=${created.receipt_token}`,
    });
    expect(byQuery.statusCode).toBe(200);
    const wrong = await env.app.inject({
      url: `/api/v1/submissions/${created.id}`,
      headers: { 'x-receipt-token': 'rcpt_wrong' },
    });
    expect(wrong.statusCode).toBe(401);
    const none = await env.app.inject({ url: `/api/v1/submissions/${created.id}` });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
  });
});
