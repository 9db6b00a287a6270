import { inject } from 'vitest';

export const TEST_DATABASE_URL = inject('testDatabaseUrl');
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
