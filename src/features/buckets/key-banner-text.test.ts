import { describe, expect, it } from 'vitest';
import { KeyState } from '../../domain/key-state';
import { downloadGate } from './bucket-gates';
import { keyBannerText } from './key-banner-text';
import { testBucket } from './test-bucket';

const bucket = testBucket;

const problem = 'The root key of bucket "photos" is Disabled.';

describe('the bucket key banner', () => {
  it('says nothing while the key allows reads and writes', () => {
    expect(keyBannerText(bucket({ reachable: true, state: KeyState.Active, name: 'r' }))).toBe(
      undefined,
    );
  });

  it('a disabled key: nothing can be read or written, no data lost', () => {
    const text = keyBannerText(
      bucket({ reachable: true, state: KeyState.Suspended, name: 'root', problem }),
    );
    expect(text).toMatchObject({
      kind: 'error',
      title: 'Key disabled: these 2 objects cannot be read or written',
    });
    expect(text?.detail).toContain('no data is lost');
  });

  it('an expired key is a warning: read-only', () => {
    expect(
      keyBannerText(bucket({ reachable: true, state: KeyState.Deactivated, name: 'r', problem })),
    ).toMatchObject({ kind: 'warning', title: 'Key expired: the bucket is read-only' });
  });

  it('a deleted key or a zeroized master key shreds; one object is “this object”', () => {
    expect(
      keyBannerText(bucket({ reachable: true, state: KeyState.Destroyed, name: 'r', problem }, 1))
        ?.title,
    ).toBe('Cryptographically shredded: this object can no longer be read');
    expect(
      keyBannerText(
        bucket({
          reachable: true,
          state: KeyState.Active,
          name: 'r',
          masterKeyMissing: true,
          problem: 'zeroized',
        }),
      ),
    ).toMatchObject({ title: expect.stringContaining('shredded'), detail: 'zeroized' });
  });

  it('an unreachable key: the problem, and that the objects are lost (none: just the problem)', () => {
    const lost = { reachable: false, problem: 'The key was purged.' };
    expect(keyBannerText(bucket(lost))?.detail).toBe(
      'The key was purged. These 2 objects can no longer be read.',
    );
    expect(keyBannerText(bucket(lost, 0))?.detail).toBe('The key was purged.');
  });
});

describe('download gate', () => {
  it('allows a download while the key allows reads, and names the key’s problem when not', () => {
    expect(downloadGate(bucket({ reachable: true, state: KeyState.Deactivated, problem }))).toEqual(
      { allowed: true },
    );
    expect(downloadGate(bucket({ reachable: true, state: KeyState.Suspended, problem }))).toEqual({
      allowed: false,
      reason: `Cannot be read: ${problem}`,
    });
  });
});
