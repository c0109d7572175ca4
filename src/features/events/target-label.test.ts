/** Event targets read by name where one exists, by a short id otherwise, the id kept. */
import { describe, expect, it } from 'vitest';
import { formatCrn } from '../../domain/crn';
import { targetLabel } from './target-label';

const crn = (service: string, instanceGuid: string, resourceType: string, resource: string) =>
  formatCrn({ service, region: 'eu-de', accountId: 'acct', instanceGuid, resourceType, resource });
const KEY = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

describe('targetLabel', () => {
  it('names a key by the name the engine gave, keeping its id', () => {
    const target = { crn: crn('kms', 'inst', 'key', KEY), keyId: KEY, instanceId: 'inst' };
    expect(targetLabel(target, { keys: { [KEY]: 'payroll-root' } })).toEqual({
      kind: 'Key',
      name: 'payroll-root',
      id: KEY,
      keyId: KEY,
    });
    // A purged key has no name any more: its short id.
    expect(targetLabel(target, { keys: {} })?.name).toBe('0f1e2d3c…');
  });

  it('names instances and users from the session, rings and buckets from their CRN', () => {
    const names = {
      instances: [{ id: 'inst-1', name: 'Payments KMS' }],
      users: [{ id: 'user-reader', name: 'Rhea Reader' }],
    };
    expect(targetLabel({ crn: crn('kms', 'inst-1', '', '') }, names)).toMatchObject({
      kind: 'Instance',
      name: 'Payments KMS',
    });
    expect(targetLabel({ crn: crn('kms', 'inst-1', 'key-ring', 'team') }, names)).toMatchObject({
      kind: 'Key ring',
      name: 'team',
    });
    const bucket = crn('cloud-object-storage', 'cos', 'bucket', 'photos');
    expect(targetLabel({ crn: bucket }, names)).toEqual({
      kind: 'Bucket',
      name: 'photos',
      id: bucket,
    });
    expect(targetLabel({ crn: `${bucket}/cat.jpg` }, names)).toMatchObject({
      kind: 'Object in photos',
      name: 'cat.jpg',
    });
    expect(targetLabel({ crn: crn('iam', '', 'user', 'user-reader') }, names)).toMatchObject({
      kind: 'User',
      name: 'Rhea Reader',
    });
  });

  it('falls back to a short id or the CRN, and to nothing for no target', () => {
    expect(targetLabel({ crn: crn('kms', 'a-long-instance-guid', '', '') }, {})?.name).toBe(
      'a-long-i…',
    );
    expect(targetLabel({ crn: 'not a crn' }, {})).toEqual({
      kind: 'Resource',
      name: 'not a crn',
      id: 'not a crn',
    });
    expect(targetLabel({ crn: '' }, {})).toBeUndefined();
  });
});
