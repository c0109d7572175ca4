import { describe, expect, it } from 'vitest';
import type { KeyUsage } from '../../../../domain/insights';
import { versionUse } from './version-usage';

const use = {
  time: '2030-01-02T00:00:00.000Z',
  action: 'unwrap' as const,
  userId: 'user-writer',
  userName: 'Wren Writer',
  eventId: 'e1',
};
const usage: KeyUsage = {
  keyId: 'k',
  status: 'used',
  last: use,
  versions: { v2: use },
  trackingSince: '2030-01-01T00:00:00.000Z',
};

describe('versionUse', () => {
  it('gives the version’s own last use', () => {
    expect(versionUse(usage, { id: 'v2', creationDate: '2030-01-01T12:00:00Z' })).toEqual({
      kind: 'used',
      use,
    });
  });
  it('says unknown for a version older than tracking, never for a newer one unused', () => {
    expect(versionUse(usage, { id: 'v1', creationDate: '2029-12-01T00:00:00Z' })).toEqual({
      kind: 'unknown',
    });
    expect(versionUse(usage, { id: 'v3', creationDate: '2030-01-03T00:00:00Z' })).toEqual({
      kind: 'never',
    });
  });
});
