import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, resetData, type TestEnv } from '../support/test-env.ts';

/** An administrator's tokens from the command line: created, listed without secrets, revoked at once. */
let env: TestEnv;
const cli = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL },
  });
const lastLine = (stdout: string) => stdout.trim().split('\n').at(-1)!;
const me = (token: string) =>
  env.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
});
afterAll(async () => {
  await env.close();
});

describe('staff tokens', () => {
  it('a created token is printed once, as the last line, and names its holder and role', async () => {
    const token = lastLine(
      (await cli('token', 'create', '--role', 'analyst', '--name', 'Jo Analyst')).stdout,
    );
    expect(token).toMatch(/^dkt_/);
    expect((await me(token)).json()).toEqual({ role: 'analyst', name: 'Jo Analyst' });
  });

  it('a listed token shows its id, role and state, never its secret, and a revoked one is refused at once', async () => {
    const token = lastLine(
      (await cli('token', 'create', '--role', 'confidentiality_officer', '--name', 'Sam')).stdout,
    );
    const listed = (await cli('token', 'list')).stdout;
    expect(listed).not.toContain(token);
    const line = listed.split('\n').find((l) => l.endsWith(' Sam'))!;
    expect(line).toMatch(/confidentiality_officer\s+live/);
    const id = line.split(/\s+/)[0]!;

    expect(lastLine((await cli('token', 'revoke', id)).stdout)).toMatch(/revoked/);
    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toMatch(/not valid/);
    expect((await cli('token', 'list')).stdout).toMatch(
      new RegExp(`${id}\\s+confidentiality_officer\\s+revoked`),
    );
    expect(lastLine((await cli('token', 'list')).stdout)).toBe('2 tokens, 1 live.');
  });

  it('revoking an unknown or already revoked token says so and fails', async () => {
    await expect(cli('token', 'revoke', '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      stderr: expect.stringContaining('no live token'),
    });
    await expect(cli('token', 'revoke', 'not-an-id')).rejects.toMatchObject({
      stderr: expect.stringContaining('token list'),
    });
  });
});
