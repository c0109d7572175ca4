/**
 * SPEC.md sections 6 and 7: import tokens, plain and secure import, rotating imported keys with
 * new material, and instance policies (validation, permissions, the key create and import access
 * policy, the dual-authorization default). The "user's machine" side of a secure import uses
 * Node's crypto module, never Keyward's.
 */
import {
  createCipheriv,
  constants as cryptoConstants,
  publicEncrypt,
  randomBytes as nodeRandomBytes,
} from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyRequest, ImportToken } from '../../domain/api';
import { DEFAULT_INSTANCE_POLICIES } from '../../domain/types';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, rawVersions, readAll, snapshot } from '../test/raw-db';
import type { ImportTokenRecord } from '../store/records';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The token's payload is the base64 of the PEM, as Key Protect returns it. */
const pemOf = (token: ImportToken) => Buffer.from(token.payload, 'base64').toString('utf8');

/** What a user's own tools do: RSA-OAEP/SHA-256 the material, AES-GCM the nonce under it. */
function rsaEncrypt(token: ImportToken, material: Uint8Array): string {
  return publicEncrypt(
    { key: pemOf(token), padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    material,
  ).toString('base64');
}

function secureRequest(token: ImportToken, material: Uint8Array, nonce = token.nonce) {
  const iv = nodeRandomBytes(12);
  const algorithm = `aes-${material.length * 8}-gcm` as 'aes-256-gcm'; // 128, 192 or 256
  const cipher = createCipheriv(algorithm, material, iv);
  const sealed = Buffer.concat([
    cipher.update(Buffer.from(nonce, 'base64')),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    payload: rsaEncrypt(token, material),
    encryptedNonce: sealed.toString('base64'),
    iv: iv.toString('base64'),
    encryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const,
  };
}

async function freshToken(persona: 'writer' | 'manager' = 'writer', retrievals = 1) {
  await h.engine.createImportToken(h.as(persona), { maxAllowedRetrievals: retrievals });
  return h.engine.getImportToken(h.as(persona));
}

const importKey = (req: Partial<CreateKeyRequest>) =>
  h.engine.createKey(h.as('writer'), { name: 'imported', extractable: false, ...req });

/** Asserts the failure changed nothing but the audit trail (which gained its failure event). */
async function expectUnchangedAfter(failing: () => Promise<unknown>, status: number, code: string) {
  await h.engine.flushEvents();
  const before = await snapshot(h);
  const error = await expectError(failing(), status, code as never);
  await expectUnchanged(h, before, code as never);
  return error;
}

describe('import tokens', () => {
  it('creates a token with the defaults (600 s, one retrieval), audited', async () => {
    const meta = await h.engine.createImportToken(h.as('writer'));
    const now = h.clock.now;
    expect(meta).toEqual({
      creationDate: new Date(now).toISOString(),
      expirationDate: new Date(now + 600_000).toISOString(),
      maxAllowedRetrievals: 1,
      remainingRetrievals: 1,
    });
    await h.engine.flushEvents();
    const events = await rawEvents(h);
    expect(events.at(-1)).toMatchObject({
      action: 'kms.import-token.create',
      outcome: 'success',
      initiator: { id: 'user-writer' },
    });
  });

  it('refuses expiration and retrievals outside 300–86,400 s and 1–500, storing nothing', async () => {
    for (const req of [
      { expiration: 299 },
      { expiration: 86_401 },
      { expiration: 600.5 },
      { expiration: '600' as unknown as number },
      { maxAllowedRetrievals: 0 },
      { maxAllowedRetrievals: 501 },
    ]) {
      const error = await expectUnchangedAfter(
        () => h.engine.createImportToken(h.as('writer'), req),
        400,
        'INVALID_FIELD_ERR',
      );
      expect(error.message).toMatch(
        /^(expiration|maxAllowedRetrievals): must be a (whole )?number/,
      );
    }
    expect(await readAll(h, 'importTokens')).toEqual([]);
  });

  it('accepts the boundaries, and each read uses one retrieval until they are used up', async () => {
    const meta = await h.engine.createImportToken(h.as('manager'), {
      expiration: 86_400,
      maxAllowedRetrievals: 2,
    });
    expect(meta.expirationDate).toBe(new Date(h.clock.now + 86_400_000).toISOString());
    const first = await h.engine.getImportToken(h.as('writer'));
    expect(first.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(pemOf(first)).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/,
    );
    expect(Buffer.from(first.nonce, 'base64')).toHaveLength(12);
    expect(first.remainingRetrievals).toBe(1);
    const second = await h.engine.getImportToken(h.as('writer'));
    expect(second).toMatchObject({
      payload: first.payload,
      nonce: first.nonce,
      remainingRetrievals: 0,
    });
    const error = await expectUnchangedAfter(
      () => h.engine.getImportToken(h.as('writer')),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(error.message).toMatch(/retrievals are used up \(it allowed 2\)/);
    await h.engine.createImportToken(h.as('writer'), {
      expiration: 300,
      maxAllowedRetrievals: 500,
    });
    expect((await h.engine.getImportToken(h.as('writer'))).remainingRetrievals).toBe(499);
  });

  it('refuses reading an expired token, and reading when there is none', async () => {
    const none = await expectUnchangedAfter(
      () => h.engine.getImportToken(h.as('writer')),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(none.message).toMatch(/no import token/);
    await h.engine.createImportToken(h.as('writer'), { expiration: 300 });
    h.clock.advance(300_000);
    // (The next call erases the expired private key first; the refusal then changes nothing.)
    await h.engine.listKeys(h.as('writer'));
    const expired = await expectUnchangedAfter(
      () => h.engine.getImportToken(h.as('writer')),
      409,
      'IMPORT_TOKEN_EXPIRED_ERR',
    );
    expect(expired.message).toMatch(/expired at/);
  });

  it('erases an expired token’s private key and nonce (recorded once, by the system); metadata stays', async () => {
    await h.engine.createImportToken(h.as('writer'), { expiration: 300 });
    const [live] = await readAll<ImportTokenRecord>(h, 'importTokens');
    expect(live?.privateKey).toBeDefined();
    h.clock.advance(299_000);
    await h.engine.listKeys(h.as('writer'));
    expect((await readAll<ImportTokenRecord>(h, 'importTokens'))[0]?.privateKey).toBeDefined();
    h.clock.advance(1_000);
    // Any tab's next call erases it.
    const tab = await h.openTab();
    await tab.listKeys(h.as('reader'));
    await h.engine.listKeys(h.as('reader'));
    const [erased] = await readAll<ImportTokenRecord>(h, 'importTokens');
    expect(erased && 'privateKey' in erased).toBe(false);
    expect(erased?.nonce.every((b) => b === 0)).toBe(true);
    expect(erased?.expirationDate).toBe(live?.expirationDate);
    const events = (await rawEvents(h)).filter((e) => e.action === 'kms.import-token.expire');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ initiator: { id: 'system' }, outcome: 'success' });
    await expectError(h.engine.getImportToken(h.as('writer')), 409, 'IMPORT_TOKEN_EXPIRED_ERR');
  });

  it('keeps the private key non-extractable; a Reader may neither create nor read a token', async () => {
    await h.engine.createImportToken(h.as('writer'));
    const [record] = await readAll<ImportTokenRecord>(h, 'importTokens');
    expect(record?.privateKey?.extractable).toBe(false);
    expect(record?.privateKey?.algorithm).toMatchObject({ name: 'RSA-OAEP', modulusLength: 4096 });
    const denied = await expectError(
      h.engine.createImportToken(h.as('reader')),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(denied.message).toMatch(/Writer role/);
    await expectUnchangedAfter(
      () => h.engine.getImportToken(h.as('reader')),
      401,
      'UNAUTHORIZED_ERR',
    );
  });
});

describe('secure import', () => {
  it('imports root material through the token: imported, wraps and unwraps, stored enciphered', async () => {
    const token = await freshToken();
    const material = nodeRandomBytes(32);
    const key = await importKey(secureRequest(token, material));
    expect(key).toMatchObject({ imported: true, extractable: false, state: 1 });
    const wrapped = await h.engine.wrap(h.as('reader'), key.id);
    const opened = await h.engine.unwrap(h.as('reader'), key.id, {
      ciphertext: wrapped.ciphertext,
    });
    expect(opened.plaintext).toBe(wrapped.plaintext);
    const [version] = (await rawVersions(h)).filter((v) => v.keyId === key.id);
    expect(Buffer.from(version?.material ?? []).includes(material)).toBe(false);
  });

  it.each([16, 24])('imports %i-byte root material', async (length) => {
    const token = await freshToken();
    const key = await importKey(secureRequest(token, nodeRandomBytes(length)));
    const wrapped = await h.engine.wrap(h.as('writer'), key.id, {
      plaintext: b64(new Uint8Array(32)),
    });
    const opened = await h.engine.unwrap(h.as('writer'), key.id, {
      ciphertext: wrapped.ciphertext,
    });
    expect(opened.plaintext).toBe(b64(new Uint8Array(32)));
  });

  it('refuses every malformed secure import with a clear 400 and stores nothing', async () => {
    const token = await freshToken();
    const material = nodeRandomBytes(32);
    const good = secureRequest(token, material);
    const wrongNonce = secureRequest(token, material, b64(nodeRandomBytes(12)));
    const cases: [string, Partial<CreateKeyRequest>, RegExp][] = [
      [
        'wrong length',
        { ...good, payload: rsaEncrypt(token, nodeRandomBytes(20)) },
        /must be 16, 24 or 32 bytes.*this is 20/,
      ],
      ['bad base64 payload', { ...good, payload: 'not base64!' }, /^payload: must be valid base64/],
      [
        'bad base64 nonce',
        { ...good, encryptedNonce: '***' },
        /^encryptedNonce: must be valid base64/,
      ],
      [
        'wrong algorithm',
        { ...good, encryptionAlgorithm: 'RSAES_OAEP_SHA_1' as never },
        /^encryptionAlgorithm: must be "RSAES_OAEP_SHA_256"/,
      ],
      ['no iv', { ...good, iv: undefined }, /^iv: a secure import needs/],
      ['short iv', { ...good, iv: b64(new Uint8Array(8)) }, /^iv: must be 12 bytes/],
      [
        'no nonce',
        { ...good, encryptedNonce: undefined },
        /^encryptedNonce: a secure import needs/,
      ],
      [
        'not under this token',
        { ...good, payload: b64(nodeRandomBytes(512)) },
        /^payload: it does not decrypt/,
      ],
      ['standard key', { ...good, extractable: true }, /import token is for root keys/],
      [
        'no payload',
        { ...good, payload: undefined },
        /^payload: encryptedNonce, iv and encryptionAlgorithm belong/,
      ],
    ];
    for (const [, req, message] of cases) {
      const error = await expectUnchangedAfter(() => importKey(req), 400, 'INVALID_FIELD_ERR');
      expect(error.message).toMatch(message);
    }
    const nonce = await expectUnchangedAfter(
      () => importKey(wrongNonce),
      400,
      'INCORRECT_NONCE_ERR',
    );
    expect(nonce.message).toMatch(/does not match the import token's/);
    // The good request still works afterwards (the failures used nothing up).
    expect((await importKey(good)).imported).toBe(true);
  });

  it('refuses material under an expired token, under a replaced token, and without a token', async () => {
    const none = await expectUnchangedAfter(
      () =>
        importKey({
          payload: b64(nodeRandomBytes(512)),
          encryptedNonce: b64(nodeRandomBytes(28)),
          iv: b64(nodeRandomBytes(12)),
          encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(none.message).toMatch(/no import token/);
    const old = await freshToken();
    const req = secureRequest(old, nodeRandomBytes(32));
    h.clock.advance(600_000);
    await h.engine.listKeys(h.as('writer'));
    const expired = await expectUnchangedAfter(
      () => importKey(req),
      409,
      'IMPORT_TOKEN_EXPIRED_ERR',
    );
    expect(expired.message).toMatch(/^The import token expired at/);
    await h.engine.createImportToken(h.as('writer'));
    const replaced = await expectUnchangedAfter(() => importKey(req), 400, 'INVALID_FIELD_ERR');
    expect(replaced.message).toMatch(/does not decrypt with the current import token/);
  });
});

describe('plain import', () => {
  it('imports root material of 16, 24 and 32 bytes and standard payloads of 1 and 7,500 bytes', async () => {
    for (const length of [16, 24, 32]) {
      const key = await importKey({ payload: b64(nodeRandomBytes(length)) });
      expect(key.imported).toBe(true);
      await h.engine.wrap(h.as('writer'), key.id);
    }
    for (const length of [1, 7500]) {
      const payload = b64(nodeRandomBytes(length));
      const key = await importKey({ payload, extractable: true });
      expect((await h.engine.getKey(h.as('writer'), key.id)).payload).toBe(payload);
    }
  });

  it('refuses wrong lengths and invalid base64, storing nothing', async () => {
    const cases: [Partial<CreateKeyRequest>, RegExp][] = [
      [
        { payload: b64(nodeRandomBytes(15)) },
        /root key material must be 16, 24 or 32 bytes.*this is 15/,
      ],
      [{ payload: b64(nodeRandomBytes(33)) }, /this is 33/],
      [{ payload: '', extractable: true }, /1–7500 bytes; this is 0/],
      [{ payload: b64(nodeRandomBytes(7501)), extractable: true }, /this is 7501/],
      [{ payload: 'abc' }, /^payload: must be valid base64/],
      [{ payload: 42 as unknown as string }, /^payload: must be text/],
    ];
    for (const [req, message] of cases) {
      const error = await expectUnchangedAfter(() => importKey(req), 400, 'INVALID_FIELD_ERR');
      expect(error.message).toMatch(message);
    }
  });

  it('a Reader cannot import', async () => {
    await expectUnchangedAfter(
      () =>
        h.engine.createKey(h.as('reader'), {
          name: 'mine',
          extractable: false,
          payload: b64(nodeRandomBytes(32)),
        }),
      401,
      'UNAUTHORIZED_ERR',
    );
  });
});

describe('rotating imported keys', () => {
  it('needs new material: plain or through a token; old ciphertexts still unwrap', async () => {
    const key = await importKey({ payload: b64(nodeRandomBytes(32)) });
    const before = await h.engine.wrap(h.as('writer'), key.id);
    const missing = await expectUnchangedAfter(
      () => h.engine.rotate(h.as('writer'), key.id),
      400,
      'KEY_PAYLOAD_REQ_ERR',
    );
    expect(missing.message).toMatch(/user-supplied key material: rotate it by supplying new/);
    await expectUnchangedAfter(
      () => h.engine.rotate(h.as('writer'), key.id, { payload: b64(nodeRandomBytes(31)) }),
      400,
      'INVALID_FIELD_ERR',
    );
    const rotated = await h.engine.rotate(h.as('writer'), key.id, {
      payload: b64(nodeRandomBytes(32)),
    });
    expect(rotated.keyVersion.id).not.toBe(key.keyVersion.id);
    expect(rotated.imported).toBe(true);
    h.clock.advance(3_600_000);
    const token = await freshToken();
    const again = await h.engine.rotate(
      h.as('writer'),
      key.id,
      secureRequest(token, nodeRandomBytes(24)),
    );
    const versions = await h.engine.getKeyVersions(h.as('writer'), key.id);
    expect(versions.total).toBe(3);
    const opened = await h.engine.unwrap(h.as('writer'), key.id, { ciphertext: before.ciphertext });
    expect(opened).toMatchObject({
      plaintext: before.plaintext,
      keyVersion: { id: key.keyVersion.id },
      rewrappedKeyVersion: { id: again.keyVersion.id },
    });
  });

  it('generated keys refuse a payload', async () => {
    const key = await importKey({});
    expect(key.imported).toBe(false);
    const error = await expectUnchangedAfter(
      () => h.engine.rotate(h.as('writer'), key.id, { payload: b64(nodeRandomBytes(32)) }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(error.message).toMatch(/was generated by Keyward/);
    expect((await h.engine.rotate(h.as('writer'), key.id)).imported).toBe(false);
  });
});

describe('instance policies', () => {
  it('reads the defaults for anyone with a role; only a Manager sets them; both audited', async () => {
    expect(await h.engine.getInstancePolicies(h.as('reader'))).toEqual(DEFAULT_INSTANCE_POLICIES);
    const denied = await expectUnchangedAfter(
      () => h.engine.putInstancePolicies(h.as('writer'), { dualAuthDelete: { enabled: true } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(denied.message).toMatch(/Manager role/);
    const set = await h.engine.putInstancePolicies(h.as('manager'), {
      rotation: { enabled: true, attributes: { interval_month: 12 } },
      keyCreateImportAccess: { enabled: true, attributes: { enforce_token: true } },
    });
    const stamp = {
      createdBy: 'user-manager',
      creationDate: expect.any(String),
      updatedBy: 'user-manager',
      lastUpdated: expect.any(String),
    };
    expect(set).toEqual({
      ...DEFAULT_INSTANCE_POLICIES,
      rotation: { enabled: true, attributes: { interval_month: 12 }, ...stamp },
      keyCreateImportAccess: {
        enabled: true,
        attributes: {
          ...DEFAULT_INSTANCE_POLICIES.keyCreateImportAccess.attributes,
          enforce_token: true,
        },
        ...stamp,
      },
    });
    // A later update of one policy keeps the others.
    const next = await h.engine.putInstancePolicies(h.as('manager'), {
      rotation: { enabled: true, attributes: { interval_month: 3 } },
    });
    expect(next.rotation).toMatchObject({ enabled: true, attributes: { interval_month: 3 } });
    expect(next.keyCreateImportAccess.attributes.enforce_token).toBe(true);
    // Another tab reads what was stored.
    const tab = await h.openTab();
    expect(await tab.getInstancePolicies(h.as('reader'))).toEqual(next);
    await h.engine.flushEvents();
    const actions = (await rawEvents(h)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('kms.instance-policies.read:success');
    expect(actions).toContain('kms.instance-policies.write:failure');
    expect(actions.filter((a) => a === 'kms.instance-policies.write:success')).toHaveLength(2);
  });

  it('refuses invalid policies with the field named, storing nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [
        { rotation: { enabled: true, attributes: { interval_month: 0 } } },
        /^rotation.attributes.interval_month: rotate every 1–12 months \(this is 0\)/,
      ],
      [
        { rotation: { enabled: true, attributes: { interval_month: 13 } } },
        /^rotation.attributes.interval_month/,
      ],
      [
        { rotation: { enabled: true, attributes: { interval_month: 1.5 } } },
        /^rotation.attributes.interval_month/,
      ],
      [{ rotation: { enabled: 'yes' } }, /^rotation.enabled: must be true or false/],
      [{ dualAuthDelete: { enabled: 1 } }, /^dualAuthDelete.enabled: must be true or false/],
      [
        { keyCreateImportAccess: { enabled: true, attributes: { enforce_token: null } } },
        /enforce_token/,
      ],
      [
        { keyCreateImportAccess: { enabled: true, attributes: { create_all: true } } },
        /create_all: is not a field of this request/,
      ],
      [{ colour: 'red' }, /^colour: is not a field of this request/],
      [null, /^policies: must be an object/],
    ];
    for (const [update, message] of cases) {
      const error = await expectUnchangedAfter(
        () => h.engine.putInstancePolicies(h.as('manager'), update as never),
        400,
        'INVALID_FIELD_ERR',
      );
      expect(error.message).toMatch(message);
    }
  });

  it('enforce_token refuses plain import and plain rotation; secure import still works', async () => {
    const plain = await importKey({ payload: b64(nodeRandomBytes(32)) });
    await h.engine.putInstancePolicies(h.as('manager'), {
      keyCreateImportAccess: { enabled: true, attributes: { enforce_token: true } },
    });
    const refused = await expectUnchangedAfter(
      () => importKey({ payload: b64(nodeRandomBytes(32)) }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
    expect(refused.message).toMatch(/requires an import token \(enforce_token is on\)/);
    await expectUnchangedAfter(
      () => h.engine.rotate(h.as('writer'), plain.id, { payload: b64(nodeRandomBytes(32)) }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
    const token = await freshToken();
    expect((await importKey(secureRequest(token, nodeRandomBytes(32)))).imported).toBe(true);
    expect((await importKey({})).imported).toBe(false); // generating is not importing
  });

  it('the key create and import access flags refuse what they switch off', async () => {
    const material = () => b64(nodeRandomBytes(32));
    const cases: [string, Partial<CreateKeyRequest>][] = [
      ['create_root_key', {}],
      ['create_standard_key', { extractable: true }],
      ['import_root_key', { payload: material() }],
      ['import_standard_key', { payload: material(), extractable: true }],
    ];
    for (const [flag, req] of cases) {
      await h.engine.putInstancePolicies(h.as('manager'), {
        keyCreateImportAccess: { enabled: true, attributes: { [flag]: false } },
      });
      const error = await expectUnchangedAfter(
        () => importKey(req),
        409,
        'KEY_CREATE_IMPORT_ACCESS_ERR',
      );
      expect(error.message).toContain(`(${flag} is off)`);
      // Everything else is still allowed.
      for (const [otherFlag, other] of cases)
        if (otherFlag !== flag) await importKey({ ...other, payload: other.payload && material() });
    }
  });

  it('the rotation default applies to generated root keys, never to imported ones', async () => {
    await h.engine.putInstancePolicies(h.as('manager'), {
      rotation: { enabled: true, attributes: { interval_month: 2 } },
    });
    const generated = await importKey({});
    const imported = await importKey({ payload: b64(nodeRandomBytes(32)) });
    expect(generated.nextRotationDate).toBeDefined();
    expect(imported.imported).toBe(true);
    expect(imported).not.toHaveProperty('nextRotationDate');
    expect(await h.engine.getKeyPolicies(h.as('manager'), imported.id)).not.toHaveProperty(
      'rotation.enabled',
      true,
    );
  });

  it('the dual-authorization default applies to keys created or imported afterwards', async () => {
    const earlier = await importKey({});
    await h.engine.putInstancePolicies(h.as('manager'), { dualAuthDelete: { enabled: true } });
    const later = await importKey({});
    const imported = await importKey({ payload: b64(nodeRandomBytes(16)) });
    expect(later.dualAuthDelete.enabled).toBe(true);
    expect(imported.dualAuthDelete.enabled).toBe(true);
    expect((await h.engine.getKeyMetadata(h.as('writer'), earlier.id)).dualAuthDelete.enabled).toBe(
      false,
    );
    await expectError(h.engine.deleteKey(h.as('manager'), later.id), 409, 'AUTHORIZATIONS_NOT_MET');
  });
});
