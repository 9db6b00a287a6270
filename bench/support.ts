import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

const cliArgs = process.argv.slice(2);

/** A bench's numeric `--name N` option, or the fallback when it is not given. */
export function numberOption(name: string, fallback: number): number {
  const at = cliArgs.indexOf(`--${name}`);
  return at >= 0 ? Number(cliArgs[at + 1]) : fallback;
}

/** A bench's `--name VALUE` option, or undefined when it is not given. */
export function stringOption(name: string): string | undefined {
  const at = cliArgs.indexOf(`--${name}`);
  return at >= 0 ? cliArgs[at + 1] : undefined;
}

/** Whether a bench was given the bare `--name` flag. */
export const hasFlag = (name: string): boolean => cliArgs.includes(`--${name}`);

/** TrueType fonts the generated PDFs embed when the machine has them, so some PDFs carry real font programs. */
export const DEJAVU_FONTS = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
};
export const canEmbedDejaVu = existsSync(DEJAVU_FONTS.regular) && existsSync(DEJAVU_FONTS.bold);

/** A fresh, empty database for one benchmark run. */
export async function freshDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in bytes, read from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Starts the real service (`src/start.ts`: migrations, API and workers) and waits until it answers. */
export async function startService(
  env: Record<string, string>,
  options: { logFile?: string } = {},
): Promise<{ process: ChildProcess; base: string; stop(): Promise<void> }> {
  const port = await freePort();
  // The workers inherit the service's output, so one log file holds both.
  const output = options.logFile ? openSync(options.logFile, 'a') : 'inherit';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', output, output],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/ready`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

/** Creates the database when it is missing and keeps it when it is there (a bench that reuses its data). */
/** The Postgres server benches use: this machine's, unless BENCH_POSTGRES (e.g. postgres://postgres@127.0.0.1:5433) names another. */
const benchServer = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';

export async function ensureDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: `${benchServer}/postgres` });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return `${benchServer}/${name}`;
}

/** Small deterministic PRNG (mulberry32), so a generator with the same seed writes the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(next: () => number, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)]!;

/** A UUID made from the generator, so regenerated data keeps its ids. */
export function seededUuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The q-th quantile (0..1) of some durations, by nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

// ---------------------------------------------------------------- comment text

const ACTORS = [
  'The Department',
  'Commerce',
  'Each consortium',
  'Our members',
  'American cloud providers',
  'U.S. chip designers',
  'Partner governments',
  'The Program',
  'EXIM',
  'The Development Finance Corporation',
  'Smaller vendors',
  'Data center operators',
  'Allied regulators',
  'Model developers',
  'State-owned utilities',
  'Systems integrators',
];
const VERBS = [
  'should prioritize',
  'must account for',
  'could streamline',
  'would benefit from',
  'ought to clarify',
  'will need to coordinate',
  'should not overlook',
  'can strengthen',
  'may need to revisit',
  'would be well placed to support',
  'should publish guidance on',
  'may have underinvested in',
];
/** Things comments talk about: a modifier and a head noun, so the vocabulary has a long tail as real text does. */
const MODIFIERS = [
  'concessional',
  'long-term',
  'sovereign',
  'regional',
  'secure',
  'low-carbon',
  'modular',
  'hyperscale',
  'edge',
  'open-weight',
  'allied',
  'local',
  'cross-border',
  'independent',
  'third-party',
  'trusted',
  'subsidised',
  'blended',
  'mid-sized',
  'state-owned',
  'renewable',
  'nuclear',
  'subsea',
  'multilateral',
  'bilateral',
  'private',
  'public',
  'joint',
  'transparent',
  'tiered',
  'provisional',
  'accredited',
  'domestic',
  'interoperable',
  'encrypted',
  'audited',
];
const HEADS = [
  'financing',
  'data centers',
  'licensing timelines',
  'grid interconnection',
  'power purchase agreements',
  'model weights',
  'customer screening',
  'evaluation benchmarks',
  'workforce training',
  'subcontractors',
  'cloud regions',
  'chip supply',
  'insurance',
  'model distribution',
  'cooling systems',
  'data residency',
  'end-use monitoring',
  'telecom partners',
  'offtake agreements',
  'fibre routes',
  'procurement rules',
  'security audits',
  'research partnerships',
  'inference clusters',
  'training runs',
  'tariff schedules',
  'loan tenors',
  'equity stakes',
  'permitting',
  'water rights',
  'talent visas',
  'incident reporting',
  'certification schemes',
  'software stacks',
  'network operators',
  'payment terms',
];
/** Favours the front of a list, roughly as word use does (a few phrases common, most rare). */
const skewed = <T>(next: () => number, items: readonly T[]): T =>
  items[Math.floor(next() * next() * items.length)]!;
const thing = (next: () => number) => `${skewed(next, MODIFIERS)} ${skewed(next, HEADS)}`;

const REASONS = [
  'because financing costs often decide which bid wins',
  'so that partner countries can plan grid capacity years ahead',
  'since competitors backed by state banks move faster',
  'given how quickly chip generations turn over',
  'because uncertainty deters private capital',
  'so that smaller firms are not shut out',
  'as customers abroad ask for it before they sign',
  'since diversion risk rises with every intermediary',
  'because a single delayed license can stall a whole project',
  'so that allies see a predictable partner',
];
const PLACES = [
  'Southeast Asia',
  'the Gulf states',
  'India',
  'Brazil',
  'Kenya',
  'Poland',
  'Indonesia',
  'Vietnam',
  'Saudi Arabia',
  'the United Arab Emirates',
  'Nigeria',
  'Mexico',
  'Japan',
  'Central Europe',
  'Latin America',
  'sub-Saharan Africa',
];
const CONSEQUENCES = [
  'partners will turn to vendors we cannot vouch for',
  'projects will stall at the permitting stage',
  'the Program will favour the largest incumbents',
  'financing will remain out of reach for mid-sized exporters',
  'export controls will be applied inconsistently',
  'local talent will not be available to operate the facilities',
];
const QUALITIES = ['predictable', 'transparent', 'narrow', 'time-limited', 'risk-based', 'consistent'];

const lower = (s: string) =>
  /^(U\.S\.|EXIM|Commerce|American)/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);

/**
 * One sentence of the kind RFI comments are made of. `topic` phrases (a question's vocabulary) are
 * woven in, so a passage written for a question reads as answering it.
 */
export function commentSentence(next: () => number, topic: readonly string[]): string {
  const object = topic.length > 0 && next() < 0.5 ? pick(next, topic) : thing(next);
  const actor = pick(next, ACTORS);
  switch (Math.floor(next() * 8)) {
    case 0:
      return `${actor} ${pick(next, VERBS)} ${object}, ${pick(next, REASONS)}.`;
    case 1:
      return `In ${pick(next, PLACES)}, ${object} remains the main obstacle, and ${lower(actor)} ${pick(next, VERBS)} it.`;
    case 2:
      return `We recommend that ${lower(actor)} treat ${object} as a condition of participation, ${pick(next, REASONS)}.`;
    case 3:
      return `Our experience with ${2 + Math.floor(next() * 40)} deployments in ${pick(next, PLACES)} shows that ${object} matters more than price.`;
    case 4:
      return `For example, a ${10 * (1 + Math.floor(next() * 30))} megawatt data center in ${pick(next, PLACES)} needed ${object} before its financing closed.`;
    case 5:
      return `Rules on ${object} should be ${pick(next, QUALITIES)} and ${pick(next, QUALITIES)}, ${pick(next, REASONS)}.`;
    case 6:
      return `Without ${object}, ${pick(next, CONSEQUENCES)}.`;
    default:
      return `The Program's success in ${pick(next, PLACES)} depends on ${object} more than on any single product.`;
  }
}

export function commentParagraph(next: () => number, topic: readonly string[], sentences: number): string {
  return Array.from({ length: sentences }, () => commentSentence(next, topic)).join(' ');
}
