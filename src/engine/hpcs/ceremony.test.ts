/**
 * The Hyper Protect ceremony through the engine (SPEC section 11): administrators and thresholds,
 * signatures bound to instance, command and sequence number, master key parts from distinct
 * custodians, load → commit → activate, zeroize (every key call refused, buckets shredded) and
 * reload or recovery, master key rotation (all or nothing, creation refused while pending), the
 * hs-crypto names, and other tabs. Every refusal leaves storage as it was but for its event.
 * Administrators sign with Node's crypto, from their key files opened as docs/hpcs-files.md says.
 */
import {
  constants as cryptoConstants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  pbkdf2Sync,
  publicEncrypt,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import {
  ceremonyCommandText,
  type CeremonyCommand,
  type CeremonySignature,
  type HpcsState,
} from '../../domain/hpcs';
import type { PasswordFile } from '../../domain/hpcs-api';
import type { Key } from '../../domain/types';
import { Engine } from '../engine';
import { DEMO_USERS } from '../iam/bootstrap';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness, type Persona } from '../test/harness';
import { rawEvents, snapshot } from '../test/raw-db';

interface Admin {
  adminId: string;
  name: string;
  file: string;
  password: string;
  privateKey: KeyObject;
}

interface HpcsFixture {
  instanceId: string;
  as(persona: Persona): CallContext;
}

async function hpcsFixture(h: Harness): Promise<HpcsFixture> {
  const session = await h.engine.getSession();
  const hpcs = session.instances.find((i) => i.kind === 'hpcs');
  if (!hpcs) throw new Error('no demo hpcs instance');
  return {
    instanceId: hpcs.id,
    as: (persona) => ({ userId: DEMO_USERS[persona].id, instanceId: hpcs.id }),
  };
}

/** Opens a password-protected file with Node's crypto, per docs/hpcs-files.md. */
function openFileWithNode(text: string, password: string): Buffer {
  const f = JSON.parse(text) as Record<string, unknown> & {
    kdf: { iterations: number; salt: string };
    cipher: { iv: string };
    ciphertext: string;
  };
  const header =
    f.format === 'keyward-hpcs-master-key-part'
      ? [
          f.format,
          f.version,
          f.instanceId,
          f.custodianId,
          f.custodianName,
          f.createdAt,
          f.verificationPattern,
        ]
      : [f.format, f.version, f.adminId, f.name, f.createdAt, f.publicKey];
  const key = pbkdf2Sync(
    password,
    Buffer.from(f.kdf.salt, 'base64'),
    f.kdf.iterations,
    32,
    'sha256',
  );
  const sealed = Buffer.from(f.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(f.cipher.iv, 'base64'));
  decipher.setAAD(Buffer.from(header.join('\n'), 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

async function makeAdmin(e: Engine, ctx: CallContext, name: string): Promise<Admin> {
  const password = `${name} password`;
  const made = await e.createSignatureKey(ctx, { name, password });
  const der = openFileWithNode(made.file, password);
  return {
    adminId: made.adminId,
    name,
    file: made.file,
    password,
    privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
  };
}

/** An administrator's signature of `command` at the state's sequence number (Node's crypto). */
function signAs(
  admin: Admin,
  state: Pick<HpcsState, 'instanceId' | 'sequence'>,
  command: CeremonyCommand,
): CeremonySignature {
  const text = ceremonyCommandText(state.instanceId, state.sequence, command);
  const signature = sign('sha256', Buffer.from(text, 'utf8'), {
    key: admin.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return { adminId: admin.adminId, signature: signature.toString('base64') };
}

const signAll = (
  admins: Admin[],
  state: Pick<HpcsState, 'instanceId' | 'sequence'>,
  command: CeremonyCommand,
): CeremonySignature[] => admins.map((a) => signAs(a, state, command));

interface Ceremony {
  admins: Admin[];
  parts: PasswordFile[];
  state: HpcsState;
}

/** Makes the two custodians' parts (hex typed when given). */
async function makeParts(
  e: Engine,
  x: HpcsFixture,
  tag: string,
  hex: (string | undefined)[] = [],
): Promise<PasswordFile[]> {
  const parts: PasswordFile[] = [];
  for (const [i, persona] of (['custodian1', 'custodian2'] as const).entries()) {
    const password = `${persona} ${tag} secret`;
    const h = hex[i];
    const { file } = await e.createMasterKeyPart(x.as(persona), {
      password,
      ...(h ? { hex: h } : {}),
    });
    parts.push({ file, password });
  }
  return parts;
}

/** Loads, commits and (unless `activate: false`) activates `parts`, signed by `admins`. */
async function loadCommitActivate(
  e: Engine,
  x: HpcsFixture,
  admins: Admin[],
  parts: PasswordFile[],
  activate = true,
): Promise<HpcsState> {
  const ctx = x.as('manager');
  let state = await e.getHpcsState(ctx);
  const vps = parts.map(
    (p) => (JSON.parse(p.file) as { verificationPattern: string }).verificationPattern,
  );
  state = await e.loadMasterKey(ctx, {
    parts,
    signatures: signAll(admins, state, { kind: 'master-key.load', parts: vps }),
  });
  const vp = state.units[0]?.newRegister.verificationPattern ?? '';
  state = await e.commitMasterKey(ctx, {
    signatures: signAll(admins, state, { kind: 'master-key.commit', verificationPattern: vp }),
  });
  if (!activate) return state;
  return e.activateMasterKey(ctx, {
    signatures: signAll(admins, state, { kind: 'master-key.activate', verificationPattern: vp }),
  });
}

/** The whole ceremony: `n` administrators, thresholds, two custodians' parts, load → activate. */
async function runCeremony(
  e: Engine,
  x: HpcsFixture,
  options: { admins?: number; signature?: number; revocation?: number } = {},
): Promise<Ceremony> {
  const ctx = x.as('manager');
  const admins: Admin[] = [];
  for (let i = 0; i < (options.admins ?? 2); i++) {
    const admin = await makeAdmin(e, ctx, `Admin ${i + 1}`);
    await e.addCryptoUnitAdmin(ctx, { keyFile: admin.file });
    admins.push(admin);
  }
  const signature = options.signature ?? admins.length;
  const revocation = options.revocation ?? 1;
  let state = await e.getHpcsState(ctx);
  state = await e.setCryptoUnitThresholds(ctx, {
    signature,
    revocation,
    signatures: [signAs(admins[0]!, state, { kind: 'threshold.set', signature, revocation })],
  });
  const parts = await makeParts(e, x, 'first');
  state = await loadCommitActivate(e, x, admins.slice(0, signature), parts);
  return { admins, parts, state };
}

// TESTS

const CHUNK = 64;
let h: Harness;
let e: Engine;
let x: HpcsFixture;

beforeEach(async () => {
  h = await openHarness({ storage: { chunkSize: CHUNK } });
  e = h.engine;
  x = await hpcsFixture(h);
});
afterEach(async () => {
  await e.close();
});

/** The call is refused with this code, and storage is as it was but for the failure event. */
async function refused(
  call: () => Promise<unknown>,
  status: number,
  code: Parameters<typeof expectError>[2],
  engine: Engine = e,
) {
  await engine.flushEvents();
  const before = await snapshot(h);
  const error = await expectError(call(), status, code);
  await expectUnchanged(h, before, code, engine);
  return error;
}

const vpOf = (part: PasswordFile) =>
  (JSON.parse(part.file) as { verificationPattern: string }).verificationPattern;

async function actions(): Promise<string[]> {
  await e.flushEvents();
  const events = await rawEvents(h);
  return events.filter((ev) => ev.outcome === 'success').map((ev) => ev.action);
}

describe('imprint mode, administrators and thresholds', { timeout: 120_000 }, () => {
  it('starts in imprint mode with empty registers; admins are added unsigned', async () => {
    const ctx = x.as('manager');
    let state = await e.getHpcsState(ctx);
    expect(state).toMatchObject({
      imprintMode: true,
      sequence: 1,
      admins: [],
      masterKey: { status: 'not-loaded', recoverable: false },
      keyCount: 0,
      mayAct: true,
    });
    expect(state.units.map((u) => [u.kind, u.newRegister.state, u.currentRegister.state])).toEqual([
      ['operational', 'empty', 'empty'],
      ['operational', 'empty', 'empty'],
      ['recovery', 'empty', 'empty'],
    ]);
    expect(state.custodians.map((c) => c.id).sort()).toEqual(
      ['user-custodian-1', 'user-custodian-2', 'user-manager'].sort(),
    );
    const admin = await makeAdmin(e, ctx, 'Alice');
    state = await e.addCryptoUnitAdmin(ctx, { keyFile: admin.file });
    expect(state.admins).toMatchObject([{ id: admin.adminId, name: 'Alice' }]);
    expect(state.sequence).toBe(2);
    // The same key twice is refused.
    await refused(
      () => e.addCryptoUnitAdmin(ctx, { keyFile: admin.file }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
  });

  it('thresholds are 1–8 and at most the number of administrators; setting them ends imprint mode', async () => {
    const ctx = x.as('manager');
    const a = await makeAdmin(e, ctx, 'Alice');
    const b = await makeAdmin(e, ctx, 'Bob');
    await e.addCryptoUnitAdmin(ctx, { keyFile: a.file });
    let state = await e.addCryptoUnitAdmin(ctx, { keyFile: b.file });
    for (const [signature, revocation] of [
      [0, 1],
      [1, 0],
      [3, 1],
      [9, 1],
      [1.5, 1],
    ] as const) {
      const err = await refused(
        () =>
          e.setCryptoUnitThresholds(ctx, {
            signature,
            revocation,
            signatures: [signAs(a, state, { kind: 'threshold.set', signature, revocation })],
          }),
        400,
        'INVALID_FIELD_ERR',
      );
      expect(err.message).toMatch(/signature|revocation/);
    }
    // Leaving imprint mode needs an administrator's signature.
    await refused(
      () => e.setCryptoUnitThresholds(ctx, { signature: 2, revocation: 1, signatures: [] }),
      403,
      'SIGNATURE_THRESHOLD_NOT_MET_ERR',
    );
    state = await e.setCryptoUnitThresholds(ctx, {
      signature: 2,
      revocation: 1,
      signatures: [signAs(a, state, { kind: 'threshold.set', signature: 2, revocation: 1 })],
    });
    expect(state).toMatchObject({
      imprintMode: false,
      signatureThreshold: 2,
      revocationThreshold: 1,
    });
    // Now adding an administrator needs two distinct signatures.
    const c = await makeAdmin(e, ctx, 'Carol');
    const add: CeremonyCommand = {
      kind: 'admin.add',
      name: 'Carol',
      publicKey: (JSON.parse(c.file) as { publicKey: string }).publicKey,
    };
    await refused(
      () => e.addCryptoUnitAdmin(ctx, { keyFile: c.file, signatures: [signAs(a, state, add)] }),
      403,
      'SIGNATURE_THRESHOLD_NOT_MET_ERR',
    );
    await refused(
      () =>
        e.addCryptoUnitAdmin(ctx, {
          keyFile: c.file,
          signatures: [signAs(a, state, add), signAs(a, state, add)],
        }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
    // Carol is no administrator yet: her signature does not count.
    await refused(
      () =>
        e.addCryptoUnitAdmin(ctx, {
          keyFile: c.file,
          signatures: [signAs(a, state, add), signAs(c, state, add)],
        }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
    state = await e.addCryptoUnitAdmin(ctx, {
      keyFile: c.file,
      signatures: signAll([a, b], state, add),
    });
    expect(state.admins.map((m) => m.name)).toEqual(['Alice', 'Bob', 'Carol']);
    // Removing one takes the revocation threshold (1), and never below the thresholds.
    state = await e.removeCryptoUnitAdmin(ctx, {
      adminId: c.adminId,
      signatures: [signAs(b, state, { kind: 'admin.remove', adminId: c.adminId })],
    });
    expect(state.admins).toHaveLength(2);
    await refused(
      () =>
        e.removeCryptoUnitAdmin(ctx, {
          adminId: b.adminId,
          signatures: [signAs(a, state, { kind: 'admin.remove', adminId: b.adminId })],
        }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
  });

  it('signatures made by the engine from a key file and its password verify; a wrong password or an altered file is refused', async () => {
    const ctx = x.as('manager');
    const a = await makeAdmin(e, ctx, 'Alice');
    let state = await e.addCryptoUnitAdmin(ctx, { keyFile: a.file });
    const command: CeremonyCommand = { kind: 'threshold.set', signature: 1, revocation: 1 };
    const text = ceremonyCommandText(state.instanceId, state.sequence, command);
    const err = await refused(
      () => e.signCeremonyCommand(ctx, { file: a.file, password: 'not the password', text }),
      400,
      'INVALID_FILE_ERR',
    );
    expect(err.message).toMatch(/password is wrong, or the file was altered/);
    const altered = JSON.parse(a.file) as Record<string, string>;
    altered.name = 'Mallory';
    await refused(
      () =>
        e.signCeremonyCommand(ctx, { file: JSON.stringify(altered), password: a.password, text }),
      400,
      'INVALID_FILE_ERR',
    );
    await refused(
      () =>
        e.signCeremonyCommand(ctx, { file: '{"format":"something"}', password: a.password, text }),
      400,
      'INVALID_FILE_ERR',
    );
    const signature = await e.signCeremonyCommand(ctx, {
      file: a.file,
      password: a.password,
      text,
    });
    expect(signature.adminId).toBe(a.adminId);
    // An altered signature does not verify.
    const bytes = Buffer.from(signature.signature, 'base64');
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    await refused(
      () =>
        e.setCryptoUnitThresholds(ctx, {
          signature: 1,
          revocation: 1,
          signatures: [{ adminId: a.adminId, signature: bytes.toString('base64') }],
        }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
    state = await e.setCryptoUnitThresholds(ctx, {
      signature: 1,
      revocation: 1,
      signatures: [signature],
    });
    expect(state.imprintMode).toBe(false);
  });

  it('a signature cannot be replayed or re-targeted', async () => {
    const ctx = x.as('manager');
    const a = await makeAdmin(e, ctx, 'Alice');
    let state = await e.addCryptoUnitAdmin(ctx, { keyFile: a.file });
    const command: CeremonyCommand = { kind: 'threshold.set', signature: 1, revocation: 1 };
    // Re-targeted: signed for another instance.
    const elsewhere = signAs(a, { instanceId: h.instanceId, sequence: state.sequence }, command);
    await refused(
      () =>
        e.setCryptoUnitThresholds(ctx, { signature: 1, revocation: 1, signatures: [elsewhere] }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
    // Another command: a signature over revocation 1 does not authorize revocation... 1 → 2 admins.
    const other = signAs(a, state, { kind: 'threshold.set', signature: 1, revocation: 1 });
    state = await e.setCryptoUnitThresholds(ctx, {
      signature: 1,
      revocation: 1,
      signatures: [other],
    });
    // Replayed: the same signature again, now that the sequence number moved on.
    await refused(
      () => e.setCryptoUnitThresholds(ctx, { signature: 1, revocation: 1, signatures: [other] }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
  });

  it('a Writer and a Reader may not take part; they see the state and why', async () => {
    for (const persona of ['writer', 'reader'] as const) {
      const state = await e.getHpcsState(x.as(persona));
      expect(state.mayAct).toBe(false);
      expect(state.mayActReason).toMatch(/Manager role/);
      await refused(
        () => e.createSignatureKey(x.as(persona), { name: 'Eve', password: 'password 1' }),
        401,
        'UNAUTHORIZED_ERR',
      );
      await refused(
        () => e.createMasterKeyPart(x.as(persona), { password: 'password 1' }),
        401,
        'UNAUTHORIZED_ERR',
      );
      await refused(
        () =>
          e.zeroizeCryptoUnits(x.as(persona), {
            confirm: 'Hyper Protect Crypto Services',
            signatures: [],
          }),
        401,
        'UNAUTHORIZED_ERR',
      );
    }
  });
});

describe('master key parts, load, commit, activate', { timeout: 180_000 }, () => {
  it('the full ceremony activates the master key on every unit; events use hs-crypto names', async () => {
    const { state } = await runCeremony(e, x, { admins: 2, signature: 2 });
    expect(state.masterKey.status).toBe('active');
    expect(state.masterKey.activeSince).toBe(new Date(h.clock.now).toISOString());
    const vp = state.masterKey.verificationPattern;
    expect(vp).toMatch(/^[0-9a-f]{32}$/);
    expect(state.units.map((u) => [u.newRegister.state, u.currentRegister])).toEqual([
      ['empty', { state: 'valid', verificationPattern: vp }],
      ['empty', { state: 'valid', verificationPattern: vp }],
      ['empty', { state: 'valid', verificationPattern: vp }],
    ]);
    const key = await e.createKey(x.as('manager'), { name: 'kyok root', extractable: false });
    expect(key.crn).toMatch(
      new RegExp(
        `^crn:v1:keyward:public:hs-crypto:us-south:a/[0-9a-f]+:${x.instanceId}:key:${key.id}$`,
      ),
    );
    const done = await actions();
    for (const action of [
      'hs-crypto.tke-signature-key.create',
      'hs-crypto.tke-cryptounit-admin.add',
      'hs-crypto.tke-cryptounit-threshold.set',
      'hs-crypto.tke-master-key-part.create',
      'hs-crypto.tke-cryptounit-master-key-register.add',
      'hs-crypto.tke-cryptounit-master-key-register.commit',
      'hs-crypto.tke-cryptounit-master-key-register.activate',
      'hs-crypto.secrets.create',
    ])
      expect(done).toContain(action);
    // The kms instance's own events keep their names.
    await e.createKey(h.as('manager'), { name: 'kms key', extractable: false });
    expect(await actions()).toContain('kms.secrets.create');
  });

  it('the register pattern is the pattern of the XOR of the parts; typed parts are 64 hex digits', async () => {
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    void admins;
    await refused(
      () => e.createMasterKeyPart(x.as('custodian1'), { password: 'password 1', hex: 'abc' }),
      400,
      'INVALID_FIELD_ERR',
    );
    await refused(
      () => e.createMasterKeyPart(x.as('custodian1'), { password: 'short' }),
      400,
      'INVALID_FIELD_ERR',
    );
    const hex = '11'.repeat(32);
    const part = await e.createMasterKeyPart(x.as('custodian1'), { password: 'password 1', hex });
    const opened = openFileWithNode(part.file, 'password 1');
    expect(opened.toString('hex')).toBe(hex);
    const header = JSON.parse(part.file) as Record<string, unknown>;
    expect(header).toMatchObject({
      format: 'keyward-hpcs-master-key-part',
      custodianId: 'user-custodian-1',
      instanceId: x.instanceId,
      verificationPattern: part.verificationPattern,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 },
    });
    expect(part.file).not.toContain(hex);
  });

  it('commands out of order are refused: load in imprint mode, commit before load, activate before commit', async () => {
    const ctx = x.as('manager');
    const a = await makeAdmin(e, ctx, 'Alice');
    let state = await e.addCryptoUnitAdmin(ctx, { keyFile: a.file });
    const parts = await makeParts(e, x, 'p');
    const load: CeremonyCommand = { kind: 'master-key.load', parts: parts.map(vpOf) };
    await refused(
      () => e.loadMasterKey(ctx, { parts, signatures: [signAs(a, state, load)] }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
    state = await e.setCryptoUnitThresholds(ctx, {
      signature: 1,
      revocation: 1,
      signatures: [signAs(a, state, { kind: 'threshold.set', signature: 1, revocation: 1 })],
    });
    const commit: CeremonyCommand = {
      kind: 'master-key.commit',
      verificationPattern: '0'.repeat(32),
    };
    await refused(
      () => e.commitMasterKey(ctx, { signatures: [signAs(a, state, commit)] }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
    await refused(
      () =>
        e.rotateMasterKey(ctx, {
          signatures: [
            signAs(a, state, { kind: 'master-key.rotate', verificationPattern: '0'.repeat(32) }),
          ],
        }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
    state = await e.loadMasterKey(ctx, { parts, signatures: [signAs(a, state, load)] });
    const vp = state.units[0]?.newRegister.verificationPattern ?? '';
    expect(state.units.map((u) => u.newRegister.state)).toEqual([
      'uncommitted',
      'uncommitted',
      'uncommitted',
    ]);
    expect(state.loadedParts.map((p) => p.custodianId)).toEqual([
      'user-custodian-1',
      'user-custodian-2',
    ]);
    const activate: CeremonyCommand = { kind: 'master-key.activate', verificationPattern: vp };
    await refused(
      () => e.activateMasterKey(ctx, { signatures: [signAs(a, state, activate)] }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
    // A signature over the commit of another pattern does not commit this one.
    await refused(
      () => e.commitMasterKey(ctx, { signatures: [signAs(a, state, commit)] }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
    // Until activation, key calls are refused.
    await refused(
      () => e.createKey(ctx, { name: 'too early', extractable: false }),
      409,
      'MASTER_KEY_NOT_LOADED_ERR',
    );
    state = await e.commitMasterKey(ctx, {
      signatures: [signAs(a, state, { kind: 'master-key.commit', verificationPattern: vp })],
    });
    state = await e.activateMasterKey(ctx, {
      signatures: [
        signAs(a, { ...state }, { kind: 'master-key.activate', verificationPattern: vp }),
      ],
    });
    expect(state.masterKey).toMatchObject({ status: 'active', verificationPattern: vp });
  });

  it('parts: 2 or 3, from distinct custodians who are Managers, each file opening with its password and unaltered', async () => {
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    const ctx = x.as('manager');
    const [a] = admins as [Admin];
    const one = await e.createMasterKeyPart(x.as('custodian1'), { password: 'password one' });
    const two = await e.createMasterKeyPart(x.as('custodian1'), { password: 'password two' });
    const three = await e.createMasterKeyPart(x.as('custodian2'), { password: 'password three' });
    const p1 = { file: one.file, password: 'password one' };
    const p2 = { file: two.file, password: 'password two' };
    const p3 = { file: three.file, password: 'password three' };
    // Every attempt is refused, so the sequence number stays where it is.
    const state = await e.getHpcsState(ctx);
    const attempt = async (parts: PasswordFile[]) => {
      return e.loadMasterKey(ctx, {
        parts,
        signatures: [signAs(a, state, { kind: 'master-key.load', parts: parts.map(vpOf) })],
      });
    };
    await refused(() => attempt([p1]), 400, 'INVALID_FIELD_ERR');
    await refused(() => attempt([p1, p3, p3, p3]), 400, 'INVALID_FIELD_ERR');
    const same = await refused(() => attempt([p1, p2]), 400, 'INVALID_FIELD_ERR');
    expect(same.message).toMatch(/different custodian/);
    const wrong = await refused(
      () => attempt([p1, { ...p3, password: 'password 3' }]),
      400,
      'INVALID_FILE_ERR',
    );
    expect(wrong.message).toMatch(/password is wrong, or the file was altered/);
    // An altered part: a flipped ciphertext byte, or a header that claims another pattern.
    const flipped = JSON.parse(three.file) as Record<string, string>;
    const ct = Buffer.from(flipped.ciphertext ?? '', 'base64');
    ct[0] = (ct[0] ?? 0) ^ 0x80;
    flipped.ciphertext = ct.toString('base64');
    await refused(
      () => attempt([p1, { ...p3, file: JSON.stringify(flipped) }]),
      400,
      'INVALID_FILE_ERR',
    );
    const relabelled = JSON.parse(three.file) as Record<string, string>;
    relabelled.custodianId = 'user-custodian-1';
    await refused(
      () => attempt([p2, { ...p3, file: JSON.stringify(relabelled) }]),
      400,
      'INVALID_FILE_ERR',
    );
    // A part of someone who is no longer a Manager of the instance.
    const session = await e.getSession();
    const policy = session.policies.find(
      (p) => p.userId === 'user-custodian-2' && p.scope.instanceId === x.instanceId,
    );
    await e.revokeAccess(h.as('admin'), policy?.id ?? '');
    await refused(() => attempt([p1, p3]), 401, 'UNAUTHORIZED_ERR');
  });
});

/** An hpcs root key, authorized for object storage, protecting a bucket with one object. */
async function protectedBucket(): Promise<{
  key: Key;
  cos: string;
  data: Uint8Array;
  wrapped: string;
}> {
  const session = await e.getSession();
  const cos = session.instances.find((i) => i.kind === 'cos')?.id ?? '';
  const key = await e.createKey(x.as('manager'), { name: 'kyok root', extractable: false });
  await e.createAuthorization(h.as('admin'), {
    sourceInstanceId: cos,
    targetInstanceId: x.instanceId,
    role: 'Reader',
  });
  const writer = { userId: 'user-writer', instanceId: cos };
  await e.createBucket(writer, {
    name: 'kyok-bucket',
    encryption: { type: 'customer', keyCrn: key.crn },
  });
  const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) & 0xff);
  const ticket = await e.beginUpload(writer, 'kyok-bucket', 'a.bin', { size: data.length });
  for (let i = 0; i < ticket.chunkCount; i++)
    await e.putUploadChunk(
      writer,
      ticket.uploadId,
      i,
      data.slice(i * CHUNK, (i + 1) * CHUNK).buffer,
    );
  await e.completeUpload(writer, ticket.uploadId);
  const { ciphertext } = await e.wrap(x.as('reader'), key.id, { plaintext: 'aGVsbG8=' });
  return { key, cos, data, wrapped: ciphertext };
}

async function download(cos: string): Promise<Uint8Array> {
  const reader = { userId: 'user-reader', instanceId: cos };
  const head = await e.headObject(reader, 'kyok-bucket', 'a.bin');
  const out = new Uint8Array(head.size);
  for (let i = 0; i < head.chunkCount; i++)
    out.set(
      new Uint8Array(await e.getObjectChunk(reader, 'kyok-bucket', 'a.bin', i)),
      i * head.chunkSize,
    );
  return out;
}

describe('zeroize and reload', { timeout: 180_000 }, () => {
  it('zeroize: every key call refused, the bucket shredded; the same parts make everything readable again', async () => {
    const { admins, parts } = await runCeremony(e, x, { admins: 2, signature: 2 });
    const { key, cos, data, wrapped } = await protectedBucket();
    expect(await download(cos)).toEqual(data);
    const ctx = x.as('manager');
    let state = await e.getHpcsState(ctx);
    const zeroize: CeremonyCommand = { kind: 'zeroize', includeRecovery: true };
    await refused(
      () =>
        e.zeroizeCryptoUnits(ctx, {
          confirm: 'wrong name',
          includeRecovery: true,
          signatures: signAll(admins, state, zeroize),
        }),
      400,
      'INVALID_FIELD_ERR',
    );
    state = await e.zeroizeCryptoUnits(ctx, {
      confirm: 'Hyper Protect Crypto Services',
      includeRecovery: true,
      signatures: signAll(admins, state, zeroize),
    });
    expect(state.masterKey).toMatchObject({ status: 'zeroized', recoverable: false });
    expect(state.units.every((u) => u.currentRegister.state === 'empty')).toBe(true);
    expect(state).toMatchObject({ keyCount: 1, bucketCount: 1 });
    const calls: [string, () => Promise<unknown>][] = [
      ['list', () => e.listKeys(x.as('reader'))],
      ['get', () => e.getKey(x.as('manager'), key.id)],
      ['metadata', () => e.getKeyMetadata(x.as('reader'), key.id)],
      ['wrap', () => e.wrap(x.as('reader'), key.id)],
      ['unwrap', () => e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })],
      ['rotate', () => e.rotate(x.as('manager'), key.id)],
      ['create', () => e.createKey(x.as('manager'), { name: 'after', extractable: false })],
    ];
    for (const [, call] of calls) await refused(call, 409, 'MASTER_KEY_NOT_LOADED_ERR');
    const reader = { userId: 'user-reader', instanceId: cos };
    const bucket = await e.getBucket(reader, 'kyok-bucket');
    expect(bucket.access).toEqual({ read: false, write: false });
    expect(bucket.key).toMatchObject({
      masterKeyMissing: true,
      problem: expect.stringContaining('cryptographically shredded'),
    });
    expect(bucket.objectCount).toBe(1);
    await expectError(download(cos), 409, 'MASTER_KEY_NOT_LOADED_ERR');

    // A different master key is refused, and changes nothing.
    const others = await makeParts(e, x, 'other');
    state = await e.getHpcsState(ctx);
    await e.flushEvents();
    const beforeMismatch = await snapshot(h);
    const mismatch = await expectError(
      e.loadMasterKey(ctx, {
        parts: others,
        signatures: signAll(admins, state, { kind: 'master-key.load', parts: others.map(vpOf) }),
      }),
      409,
      'MASTER_KEY_MISMATCH_ERR',
    );
    await expectUnchanged(h, beforeMismatch, 'MASTER_KEY_MISMATCH_ERR');
    expect(mismatch.message).toMatch(/not the master key the instance's 1 key is enciphered under/);

    // The same parts again: everything readable, and the old ciphertext unwraps.
    state = await loadCommitActivate(e, x, admins, parts);
    expect(state.masterKey.status).toBe('active');
    expect(await download(cos)).toEqual(data);
    expect((await e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })).plaintext).toBe(
      'aGVsbG8=',
    );
    expect((await e.getBucket(reader, 'kyok-bucket')).access).toEqual({ read: true, write: true });
  });

  it('after a zeroize of the operational units, the recovery unit restores the master key', async () => {
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    const { key, wrapped } = await protectedBucket();
    const ctx = x.as('manager');
    let state = await e.getHpcsState(ctx);
    state = await e.zeroizeCryptoUnits(ctx, {
      confirm: 'Hyper Protect Crypto Services',
      signatures: signAll(admins, state, { kind: 'zeroize', includeRecovery: false }),
    });
    expect(state.masterKey).toMatchObject({ status: 'zeroized', recoverable: true });
    expect(state.units.map((u) => u.currentRegister.state)).toEqual(['empty', 'empty', 'valid']);
    await refused(() => e.wrap(x.as('reader'), key.id), 409, 'MASTER_KEY_NOT_LOADED_ERR');
    const vp = state.masterKey.keysVerificationPattern ?? '';
    state = await e.recoverMasterKey(ctx, {
      signatures: signAll(admins, state, { kind: 'master-key.recover', verificationPattern: vp }),
    });
    expect(state.masterKey).toMatchObject({ status: 'active', verificationPattern: vp });
    expect((await e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })).plaintext).toBe(
      'aGVsbG8=',
    );
  });

  it('another tab learns of a zeroize at once', async () => {
    await e.close();
    h = await openHarness({ linked: true });
    e = h.engine;
    x = await hpcsFixture(h);
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    const key = await e.createKey(x.as('manager'), { name: 'shared', extractable: false });
    const tab = await h.openTab();
    const { ciphertext } = await tab.wrap(x.as('reader'), key.id);
    const state = await e.getHpcsState(x.as('manager'));
    await e.zeroizeCryptoUnits(x.as('manager'), {
      confirm: 'Hyper Protect Crypto Services',
      includeRecovery: true,
      signatures: signAll(admins, state, { kind: 'zeroize', includeRecovery: true }),
    });
    await h.settle();
    await expectError(
      tab.unwrap(x.as('reader'), key.id, { ciphertext }),
      409,
      'MASTER_KEY_NOT_LOADED_ERR',
    );
    expect((await tab.getHpcsState(x.as('reader'))).masterKey.status).toBe('zeroized');
    await tab.close();
  });
});

describe('master key rotation', { timeout: 180_000 }, () => {
  async function pendingRotation(admins: Admin[]) {
    const fresh = await makeParts(e, x, 'next');
    return loadCommitActivate(e, x, admins, fresh, false);
  }

  it('while pending, creating and rotating keys is refused; reads, wrap and unwrap work; then every key is re-enciphered', async () => {
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    const { key, cos, data, wrapped } = await protectedBucket();
    const standard = await e.createKey(x.as('manager'), {
      name: 'payload',
      extractable: true,
      payload: 'c2VjcmV0',
    });
    await e.rotate(x.as('manager'), key.id);
    let state = await pendingRotation(admins);
    expect(state.rotationPending).toBe(true);
    const oldVp = state.masterKey.verificationPattern;
    await e.flushEvents();
    const beforeCreate = await snapshot(h);
    await expectError(
      e.createKey(x.as('manager'), { name: 'new', extractable: false }),
      409,
      'MASTER_KEY_ROTATION_PENDING_ERR',
    );
    await expectUnchanged(h, beforeCreate, 'MASTER_KEY_ROTATION_PENDING_ERR');
    h.clock.advance(2 * 3600_000);
    await refused(() => e.rotate(x.as('manager'), key.id), 409, 'MASTER_KEY_ROTATION_PENDING_ERR');
    expect((await e.getKeyMetadata(x.as('reader'), key.id)).name).toBe('kyok root');
    expect((await e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })).plaintext).toBe(
      'aGVsbG8=',
    );
    await e.wrap(x.as('reader'), key.id);
    expect(await download(cos)).toEqual(data);
    // Activation is not how a current master key is replaced.
    const newVp = state.units[0]?.newRegister.verificationPattern ?? '';
    await refused(
      () =>
        e.activateMasterKey(x.as('manager'), {
          signatures: signAll(admins, state, {
            kind: 'master-key.activate',
            verificationPattern: newVp,
          }),
        }),
      409,
      'CRYPTO_UNIT_STATE_ERR',
    );
    state = await e.rotateMasterKey(x.as('manager'), {
      signatures: signAll(admins, state, { kind: 'master-key.rotate', verificationPattern: newVp }),
    });
    expect(state.masterKey).toMatchObject({
      status: 'active',
      verificationPattern: newVp,
      keysVerificationPattern: newVp,
    });
    expect(newVp).not.toBe(oldVp);
    expect(state.rotationPending).toBe(false);
    // Old ciphertexts (made under key version 1, before the master key rotation) still unwrap.
    expect((await e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })).plaintext).toBe(
      'aGVsbG8=',
    );
    expect((await e.getKey(x.as('manager'), standard.id)).payload).toBe('c2VjcmV0');
    expect(await download(cos)).toEqual(data);
    await e.createKey(x.as('manager'), { name: 'after rotation', extractable: false });
    // A fresh engine (no caches) reads everything under the new master key.
    const tab = await h.openTab();
    expect((await tab.unwrap(x.as('reader'), key.id, { ciphertext: wrapped })).plaintext).toBe(
      'aGVsbG8=',
    );
    await tab.close();
    expect(await actions()).toContain('hs-crypto.tke-cryptounit-master-key.rotate');
  });

  it('all or nothing: a failure midway leaves the old master key active and every key readable', async () => {
    await e.close();
    let failAt = -1;
    h = await openHarness({});
    // A second engine on the same database with the fault injected.
    e = await Engine.open({
      indexedDB: h.factory,
      dbName: h.dbName,
      now: () => h.clock.now,
      channel: null,
      hpcsFaults: {
        beforeVersionWrite: (i) => {
          if (i === failAt) throw new Error('injected failure midway through the rotation');
        },
      },
    });
    x = await hpcsFixture(h);
    const { admins } = await runCeremony(e, x, { admins: 1, signature: 1 });
    const keys: Key[] = [];
    const wrapped: string[] = [];
    for (let i = 0; i < 6; i++) {
      const key = await e.createKey(x.as('manager'), { name: `k${i}`, extractable: false });
      keys.push(key);
      wrapped.push((await e.wrap(x.as('reader'), key.id, { plaintext: 'aGVsbG8=' })).ciphertext);
    }
    const state = await pendingRotation(admins);
    const oldVp = state.masterKey.verificationPattern;
    const newVp = state.units[0]?.newRegister.verificationPattern ?? '';
    failAt = 3;
    await e.flushEvents();
    const before = await snapshot(h);
    await expectError(
      e.rotateMasterKey(x.as('manager'), {
        signatures: signAll(admins, state, {
          kind: 'master-key.rotate',
          verificationPattern: newVp,
        }),
      }),
      500,
      'INTERNAL_ERR',
    );
    await expectUnchanged(h, before, 'INTERNAL_ERR', e);
    const after = await e.getHpcsState(x.as('manager'));
    expect(after.masterKey).toMatchObject({ status: 'active', verificationPattern: oldVp });
    expect(after.rotationPending).toBe(true);
    expect(after.rotationProgress).toBeUndefined();
    const tab = await h.openTab();
    for (const [i, key] of keys.entries())
      expect(
        (await tab.unwrap(x.as('reader'), key.id, { ciphertext: wrapped[i] ?? '' })).plaintext,
      ).toBe('aGVsbG8=');
    await tab.close();
    // And the rotation, tried again without the fault, succeeds.
    failAt = -1;
    const done = await e.rotateMasterKey(x.as('manager'), {
      signatures: signAll(admins, after, { kind: 'master-key.rotate', verificationPattern: newVp }),
    });
    expect(done.masterKey.verificationPattern).toBe(newVp);
    for (const [i, key] of keys.entries())
      expect(
        (await e.unwrap(x.as('reader'), key.id, { ciphertext: wrapped[i] ?? '' })).plaintext,
      ).toBe('aGVsbG8=');
  });
});

describe('ceremony error codes', { timeout: 60_000 }, () => {
  it('each refusal has its own status and code', async () => {
    const ctx = x.as('manager');
    const a = await makeAdmin(e, ctx, 'Alice');
    await expectError(
      e.addCryptoUnitAdmin(ctx, { keyFile: 'not a file' }),
      400,
      'INVALID_FILE_ERR',
    );
    const state = await e.addCryptoUnitAdmin(ctx, { keyFile: a.file });
    await expectError(e.commitMasterKey(ctx, { signatures: [] }), 409, 'CRYPTO_UNIT_STATE_ERR');
    await expectError(
      e.setCryptoUnitThresholds(ctx, { signature: 1, revocation: 1, signatures: [] }),
      403,
      'SIGNATURE_THRESHOLD_NOT_MET_ERR',
    );
    const command: CeremonyCommand = { kind: 'threshold.set', signature: 1, revocation: 1 };
    await expectError(
      e.setCryptoUnitThresholds(ctx, {
        signature: 1,
        revocation: 1,
        signatures: [{ ...signAs(a, state, command), adminId: '0'.repeat(32) }],
      }),
      403,
      'INVALID_SIGNATURE_ERR',
    );
  });
});

describe('secure import on an hpcs instance', { timeout: 120_000 }, () => {
  /** The user's side of a secure import (Node's crypto), with the OAEP hash asked for. */
  function sealFor(token: { payload: string; nonce: string }, material: Buffer, hash: string) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', material, iv);
    const nonce = Buffer.from(token.nonce, 'base64');
    const sealed = Buffer.concat([cipher.update(nonce), cipher.final(), cipher.getAuthTag()]);
    return {
      payload: publicEncrypt(
        {
          key: Buffer.from(token.payload, 'base64').toString('utf8'),
          padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: hash,
        },
        material,
      ).toString('base64'),
      encryptedNonce: sealed.toString('base64'),
      iv: iv.toString('base64'),
    };
  }

  it('accepts RSAES_OAEP_SHA_1 besides RSAES_OAEP_SHA_256 (as HPCS does); a mislabelled payload is refused', async () => {
    await runCeremony(e, x);
    const ctx = x.as('manager');
    await e.createImportToken(ctx, { maxAllowedRetrievals: 5 });
    const token = await e.getImportToken(ctx);
    const material = randomBytes(32);
    const sha1 = sealFor(token, material, 'sha1');
    // SHA-1 material named as SHA-256 does not decrypt: refused, nothing stored.
    await refused(
      () =>
        e.createKey(ctx, {
          name: 'mislabelled',
          extractable: false,
          ...sha1,
          encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      400,
      'INVALID_FIELD_ERR',
    );
    const key = await e.createKey(ctx, {
      name: 'byok-sha1',
      extractable: false,
      ...sha1,
      encryptionAlgorithm: 'RSAES_OAEP_SHA_1',
    });
    expect(key).toMatchObject({ imported: true, extractable: false });
    // The imported material is the material sent: a DEK wrapped under it unwraps with it.
    const wrapped = await e.wrap(ctx, key.id, { plaintext: randomBytes(32).toString('base64') });
    await expect(e.unwrap(ctx, key.id, { ciphertext: wrapped.ciphertext })).resolves.toBeDefined();
    const sha256 = await e.createKey(ctx, {
      name: 'byok-sha256',
      extractable: false,
      ...sealFor(token, randomBytes(32), 'sha256'),
      encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
    expect(sha256.imported).toBe(true);
  });
});
