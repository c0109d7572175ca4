/**
 * Conformance with Key Protect (issue 13): bring your own key. The import token's shape (payload
 * = base64 of the PEM), and the reason codes of secure import and of the instance's key create
 * and import policy, one test per documented rule; every refusal asserts storage unchanged but for
 * its one failure event. The user's side uses Node's crypto, never Keyward's.
 */
import {
  createCipheriv,
  constants as cryptoConstants,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyRequest, ImportToken } from '../../domain/api';
import { DEFAULT_KEY_CREATE_IMPORT_ACCESS } from '../../domain/types';
import { expectRefusal } from '../test/expect-refusal';
import { openHarness, type Harness } from '../test/harness';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

const pemOf = (token: ImportToken) => Buffer.from(token.payload, 'base64').toString('utf8');

function secure(token: ImportToken, material: Buffer, nonce = Buffer.from(token.nonce, 'base64')) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  const sealed = Buffer.concat([cipher.update(nonce), cipher.final(), cipher.getAuthTag()]);
  return {
    payload: publicEncrypt(
      { key: pemOf(token), padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      material,
    ).toString('base64'),
    encryptedNonce: sealed.toString('base64'),
    iv: iv.toString('base64'),
    encryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const,
  };
}

const importKey = (req: Partial<CreateKeyRequest>) =>
  h.engine.createKey(h.as('writer'), { name: 'byok', extractable: false, ...req });

async function token(expiration = 600): Promise<ImportToken> {
  await h.engine.createImportToken(h.as('writer'), { expiration, maxAllowedRetrievals: 5 });
  return h.engine.getImportToken(h.as('writer'));
}

describe('Key Protect conformance: import token', () => {
  it('the token payload is the base64 of the PEM public key (base64 --decode gives the PEM)', async () => {
    const t = await token();
    expect(t.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(pemOf(t)).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(Buffer.from(t.nonce, 'base64')).toHaveLength(12);
  });

  it('reading an expired token is 409 IMPORT_TOKEN_EXPIRED_ERR', async () => {
    await h.engine.createImportToken(h.as('writer'), { expiration: 300 });
    h.clock.advance(300_000);
    // The next call erases the expired private key first (SPEC 6); the refusal changes nothing.
    await h.engine.listKeys(h.as('writer'));
    const e = await expectRefusal(
      h,
      () => h.engine.getImportToken(h.as('writer')),
      409,
      'IMPORT_TOKEN_EXPIRED_ERR',
    );
    expect(e.message).toMatch(/expired at .*: create a new token/);
  });

  it('importing under an expired token is 409 IMPORT_TOKEN_EXPIRED_ERR', async () => {
    const req = secure(await token(300), randomBytes(32));
    h.clock.advance(300_000);
    await h.engine.listKeys(h.as('writer'));
    await expectRefusal(h, () => importKey(req), 409, 'IMPORT_TOKEN_EXPIRED_ERR');
  });
});

describe('Key Protect conformance: secure import', () => {
  it('an encrypted nonce that is not the token nonce is 400 INCORRECT_NONCE_ERR', async () => {
    const t = await token();
    const e = await expectRefusal(
      h,
      () => importKey(secure(t, randomBytes(32), randomBytes(12))),
      400,
      'INCORRECT_NONCE_ERR',
    );
    expect(e.message).toMatch(/does not match the import token's: read the current token again/);
  });

  it('a nonce not encrypted under the key material and IV given is 400 INCORRECT_NONCE_IV_ERR', async () => {
    const t = await token();
    const good = secure(t, randomBytes(32));
    // The right nonce, sealed under this material, but the request names another IV.
    const e = await expectRefusal(
      h,
      () => importKey({ ...good, iv: randomBytes(12).toString('base64') }),
      400,
      'INCORRECT_NONCE_IV_ERR',
    );
    expect(e.message).toMatch(/not encrypted with the key material given, or the iv/);
    // Material other than the one that sealed the nonce: the same answer.
    const other = secure(t, randomBytes(32));
    await expectRefusal(
      h,
      () => importKey({ ...good, payload: other.payload }),
      400,
      'INCORRECT_NONCE_IV_ERR',
    );
    expect((await importKey(good)).imported).toBe(true);
  });

  it('root material of a wrong length is 400 INVALID_FIELD_ERR', async () => {
    await expectRefusal(
      h,
      () => importKey({ payload: randomBytes(20).toString('base64') }),
      400,
      'INVALID_FIELD_ERR',
    );
  });
});

describe('Key Protect conformance: key create and import access policy', () => {
  /** Switches one flag away from its default (the create/import flags off, enforce_token on). */
  const flip = async (flag: keyof typeof DEFAULT_KEY_CREATE_IMPORT_ACCESS) =>
    h.engine.putInstancePolicies(h.as('manager'), {
      keyCreateImportAccess: {
        enabled: true,
        attributes: { [flag]: !DEFAULT_KEY_CREATE_IMPORT_ACCESS[flag] },
      },
    });

  it('importing a root key with import_root_key off is 409 KEY_CREATE_IMPORT_ACCESS_ERR', async () => {
    await flip('import_root_key');
    await expectRefusal(
      h,
      () => importKey({ payload: randomBytes(32).toString('base64') }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
  });

  it('a plain import with enforce_token on is 409 KEY_CREATE_IMPORT_ACCESS_ERR', async () => {
    await flip('enforce_token');
    const e = await expectRefusal(
      h,
      () => importKey({ payload: randomBytes(32).toString('base64') }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
    expect(e.message).toMatch(/requires an import token \(enforce_token is on\)/);
  });
});

describe('Key Protect conformance: secure import algorithm', () => {
  it('RSAES_OAEP_SHA_1 on a Key Protect (kms) instance is 400 INVALID_FIELD_ERR naming encryptionAlgorithm (only HPCS takes it)', async () => {
    const req = {
      ...secure(await token(), randomBytes(32)),
      encryptionAlgorithm: 'RSAES_OAEP_SHA_1' as const,
    };
    const e = await expectRefusal(h, () => importKey(req), 400, 'INVALID_FIELD_ERR');
    expect(e.message).toMatch(
      /encryptionAlgorithm.*RSAES_OAEP_SHA_256.*Hyper Protect Crypto Services instances only/,
    );
  });
});
