/**
 * Seeding the presenter's scenarios (SPEC section 16) through the engine's own calls, as the
 * demo users, so every rule is applied and every event is real and chained. Each seed returns
 * the subjects its walkthrough's links name (key, bucket, instance).
 *
 * `seedKeys` is the one place that creates keys in bulk (the "10,000 keys" scenario), through the
 * engine's bulk createKeys.
 */
import type { CallContext, KeywardApi } from '../../domain/api';
import type { ScenarioId } from '../../domain/presenter';
import { generateMaterial } from '../crypto/key-material';
import { wrapForImport } from '../crypto/import-wrap';
import { DEMO_USERS } from '../iam/bootstrap';
import type { Key } from '../../domain/types';
import { ceremonyCommandText } from '../../domain/hpcs';
import { DAY, HOUR } from '../../domain/time';
import { EngineError } from '../../domain/errors';
import { LIMITS } from '../../domain/validation';

export interface SeedOptions {
  /** Keys of the "10,000 keys" scenario (tests seed fewer). */
  keyCount?: number;
}

export interface Seeded {
  subjects: Record<string, string>;
  /** Files the presenter needs to go on (Hyper Protect administrators' key files). */
  files?: { name: string; text: string; password: string }[];
}

interface Instances {
  kms: string;
  cos: string;
  hpcs: string;
}

async function instancesOf(api: KeywardApi): Promise<Instances> {
  const session = await api.getSession();
  const id = (kind: string) => session.instances.find((i) => i.kind === kind)?.id ?? '';
  return { kms: id('kms'), cos: id('cos'), hpcs: id('hpcs') };
}

const as = (persona: keyof typeof DEMO_USERS, instanceId: string): CallContext => ({
  userId: DEMO_USERS[persona].id,
  instanceId,
});

/**
 * Creates `count` keys named `<prefix>-00001`… in the instance, as `ctx`: every third a standard
 * key, the rest root keys. The one bulk path of the scenarios (swap in a faster one here).
 */
export async function seedKeys(
  api: KeywardApi,
  ctx: CallContext,
  count: number,
  prefix = 'key',
): Promise<Key[]> {
  const keys: Key[] = [];
  const width = Math.max(5, String(count).length);
  // The bulk path: up to LIMITS.batchMax creations a call, each checked and audited as its own.
  for (let first = 1; first <= count; first += LIMITS.batchMax) {
    const requests = [];
    for (let i = first; i <= Math.min(count, first + LIMITS.batchMax - 1); i++)
      requests.push({
        name: `${prefix}-${String(i).padStart(width, '0')}`,
        extractable: i % 3 === 0,
      });
    for (const result of await api.createKeys(ctx, requests)) {
      if (!result.ok) throw EngineError.fromData(result.error);
      keys.push(result.value);
    }
  }
  return keys;
}

/** Uploads `data` as one object (the engine's multipart calls). */
async function putObject(
  api: KeywardApi,
  ctx: CallContext,
  bucket: string,
  name: string,
  data: Uint8Array,
  contentType: string,
): Promise<void> {
  const ticket = await api.beginUpload(ctx, bucket, name, { size: data.length, contentType });
  for (let i = 0; i < ticket.chunkCount; i++) {
    const part = data.slice(i * ticket.chunkSize, (i + 1) * ticket.chunkSize);
    await api.putUploadChunk(ctx, ticket.uploadId, i, part.buffer);
  }
  await api.completeUpload(ctx, ticket.uploadId);
}

const text = (s: string) => new TextEncoder().encode(s);

async function cosEnvelope(api: KeywardApi, i: Instances): Promise<Seeded> {
  await api.createAuthorization(as('admin', i.kms), {
    sourceInstanceId: i.cos,
    targetInstanceId: i.kms,
    role: 'Reader',
  });
  const key = await api.createKey(as('manager', i.kms), {
    name: 'cos-root-key',
    description: 'Wraps the data keys of the customer-records bucket',
    extractable: false,
    aliases: ['cos-bucket-key'],
  });
  const bucket = 'customer-records';
  await api.createBucket(as('writer', i.cos), {
    name: bucket,
    encryption: { type: 'customer', keyCrn: key.crn },
  });
  const writer = as('writer', i.cos);
  await putObject(
    api,
    writer,
    bucket,
    'customers.csv',
    text('id,name\n1,Ada\n2,Max\n'),
    'text/csv',
  );
  await putObject(
    api,
    writer,
    bucket,
    'contract.txt',
    text('This agreement is encrypted at rest.\n'),
    'text/plain',
  );
  await putObject(
    api,
    writer,
    bucket,
    'invoice-2026-01.json',
    text(JSON.stringify({ invoice: '2026-01', total: 1200 })),
    'application/json',
  );
  return { subjects: { keyId: key.id, bucket } };
}

async function byok(api: KeywardApi, i: Instances): Promise<Seeded> {
  const writer = as('writer', i.kms);
  await api.createImportToken(writer, { expiration: 86_400, maxAllowedRetrievals: 10 });
  const token = await api.getImportToken(writer);
  const material = generateMaterial();
  const wrapped = await wrapForImport(token.payload, token.nonce, material);
  material.fill(0);
  const key = await api.createKey(writer, {
    name: 'imported-root-key',
    description: 'Root key material made outside Keyward, imported under the import token',
    extractable: false,
    ...wrapped,
    encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
  });
  return { subjects: { keyId: key.id } };
}

async function dualAuthorization(api: KeywardApi, i: Instances): Promise<Seeded> {
  const admin = as('admin', i.kms);
  const mia = await api.addUser(admin, {
    name: 'Mia Manager',
    email: 'mia.manager@keyward.example',
  });
  await api.grantAccess(admin, { userId: mia.id, role: 'Manager', scope: { instanceId: i.kms } });
  await api.putInstancePolicies(as('manager', i.kms), { dualAuthDelete: { enabled: true } });
  const key = await api.createKey(as('manager', i.kms), {
    name: 'payroll-root-key',
    extractable: false,
    aliases: ['payroll'],
  });
  await api.setKeyForDeletion(as('manager', i.kms), key.id);
  return { subjects: { keyId: key.id } };
}

async function hpcs(api: KeywardApi, i: Instances): Promise<Seeded> {
  const ctx = as('manager', i.hpcs);
  const files: Seeded['files'] = [];
  for (const name of ['Cleo signature key', 'Kai signature key']) {
    const password = `${name} password`;
    const made = await api.createSignatureKey(ctx, { name, password });
    await api.addCryptoUnitAdmin(ctx, { keyFile: made.file });
    files.push({ name, text: made.file, password });
  }
  const state = await api.getHpcsState(ctx);
  const first = files[0]!;
  const signature = await api.signCeremonyCommand(ctx, {
    file: first.text,
    password: first.password,
    text: ceremonyCommandText(state.instanceId, state.sequence, {
      kind: 'threshold.set',
      signature: 1,
      revocation: 1,
    }),
  });
  await api.setCryptoUnitThresholds(ctx, { signature: 1, revocation: 1, signatures: [signature] });
  return { subjects: { hpcsInstanceId: i.hpcs }, files };
}

async function auditorWeek(
  api: KeywardApi,
  i: Instances,
  advance: (ms: number) => Promise<void>,
): Promise<Seeded> {
  const manager = as('manager', i.kms);
  const writer = as('writer', i.kms);
  const reader = as('reader', i.kms);
  let last: Key | undefined;
  for (let day = 0; day < 7; day++) {
    const key = await api.createKey(writer, { name: `ledger-day-${day + 1}`, extractable: false });
    const wrapped = await api.wrap(reader, key.id);
    await api.unwrap(reader, key.id, { ciphertext: wrapped.ciphertext });
    // Refusals an auditor looks for: a Reader trying to create, a Writer trying to disable.
    await api.createKey(reader, { name: 'not allowed', extractable: false }).catch(() => undefined);
    await api.disableKey(writer, key.id).catch(() => undefined);
    if (day === 2) await api.rotate(manager, key.id);
    if (day === 4 && last) await api.disableKey(manager, last.id);
    if (day === 6) await api.deleteKey(manager, key.id);
    last = key;
    await advance(DAY - 2 * HOUR);
  }
  return { subjects: {} };
}

/** Seeds `id` into a fresh demo account. `advance` moves the demo clock as the Administrator. */
export async function seedScenario(
  api: KeywardApi,
  id: ScenarioId,
  advance: (ms: number) => Promise<void>,
  options: SeedOptions = {},
): Promise<Seeded> {
  const i = await instancesOf(api);
  switch (id) {
    case 'cos-envelope':
      return cosEnvelope(api, i);
    case 'byok':
      return byok(api, i);
    case 'dual-authorization':
      return dualAuthorization(api, i);
    case 'hpcs':
      return hpcs(api, i);
    case 'auditor-week':
      return auditorWeek(api, i, advance);
    case 'ten-thousand-keys': {
      const keys = await seedKeys(api, as('manager', i.kms), options.keyCount ?? 10_000);
      return { subjects: keys[0] ? { keyId: keys[0].id } : {} };
    }
  }
}
