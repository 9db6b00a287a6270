import { describe, expect, it } from 'vitest';
import { classifyFilename, nearMissPrefix } from '../../src/intake/filename-rules.ts';

describe('the RFI naming rule, read literally', () => {
  it.each([
    ['BC_acme.pdf', 'business_confidential'],
    ['BCG_report.pdf', 'business_confidential'],
    ['P_acme.pdf', 'public'],
    ['Proposal.pdf', 'public'],
    ['PUBLIC acme.docx', 'public'],
    ['acme_comments.pdf', 'assumed_public'],
    ['comments.txt', 'assumed_public'],
  ])('%s is %s', (name, expected) => {
    expect(classifyFilename(name)).toBe(expected);
  });
});

describe('a name that looks meant to be BC or P but misses the exact prefix', () => {
  it.each([
    ['bc_x.pdf', 'business_confidential'],
    ['Bc-x.pdf', 'business_confidential'],
    [' BC x.pdf', 'business_confidential'],
    ['B.C. x.pdf', 'business_confidential'],
    ['bc.pdf', 'business_confidential'],
    ['business_confidential_acme.pdf', 'business_confidential'],
    ['p_x.pdf', 'public'],
    [' P_x.pdf', 'public'],
    ['public-version.pdf', 'public'],
  ])('%s is caught as a near miss for %s', (name, aim) => {
    expect(nearMissPrefix(name)).toBe(aim);
  });

  it.each([
    'acme.pdf',
    'bcg_strategy.pdf',
    'pacific_rim.pdf',
    'policy.docx',
    'comments.txt',
    'BC_x.pdf',
    'P_x.pdf',
  ])('%s is an ordinary name, not a near miss', (name) => {
    expect(nearMissPrefix(name)).toBeNull();
  });
});
