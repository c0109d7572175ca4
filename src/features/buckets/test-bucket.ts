/** A customer-managed bucket for tests, its access following its key's state (SPEC section 10). */
import { bucketAccessFor, type Bucket, type BucketKeyStatus } from '../../domain/storage';

export function testBucket(key: BucketKeyStatus | undefined, objectCount = 2): Bucket {
  return {
    name: 'photos',
    crn: 'crn:photos',
    instanceId: 'cos-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user-manager',
    encryption: { type: 'customer', keyCrn: 'crn:k', keyId: 'k', keyInstanceId: 'kp-1' },
    objectCount,
    size: 10,
    access:
      key?.reachable && key.state !== undefined
        ? bucketAccessFor(key.state)
        : bucketAccessFor('purged'),
    ...(key ? { key } : {}),
  };
}
