import { describe, expect, it } from 'vitest';
import { postureDetail, postureHref } from './figures';

describe('posture wording', () => {
  it('counts with the console’s grouping and agrees with one', () => {
    expect(postureDetail({ id: 'root-without-rotation', count: 6667, ok: false })).toBe(
      '6,667 root keys never rotate on a schedule.',
    );
    expect(postureDetail({ id: 'root-without-rotation', count: 1, ok: false })).toBe(
      '1 root key never rotates on a schedule.',
    );
    expect(postureDetail({ id: 'expiring-30d', count: 0, ok: true })).toBe(
      '0 keys can no longer wrap after expiry.',
    );
  });

  it('says whether dual authorization is on for new keys, and names the payload readers', () => {
    expect(postureDetail({ id: 'instance-dual-auth', count: 10000, ok: false })).toBe(
      'Off for new keys (Settings). 10,000 keys can be deleted by one person.',
    );
    expect(postureDetail({ id: 'instance-dual-auth', count: 2, ok: true })).toBe(
      'On for new keys. 2 keys can be deleted by one person.',
    );
    expect(
      postureDetail({
        id: 'payload-readers',
        count: 2,
        ok: false,
        users: [
          { id: 'user-manager', name: 'Max Manager' },
          { id: 'user-writer', name: 'Wren Writer' },
        ],
      }),
    ).toBe('2 users (ReaderPlus, Writer or Manager): Max Manager, Wren Writer.');
  });

  it('links a key check to its filtered keys list and the payload readers to Access', () => {
    expect(
      postureHref({ id: 'expiring-30d', count: 2, ok: false, filter: { expiringWithinDays: 30 } }),
    ).toBe('/keys?expiring=30');
    expect(postureHref({ id: 'payload-readers', count: 2, ok: false })).toBe('/access');
  });
});
