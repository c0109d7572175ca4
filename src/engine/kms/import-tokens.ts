/**
 * Import tokens (SPEC.md section 6): one per instance, an RSA-4096 key pair made in the engine and
 * a random nonce, valid for 300–86,400 s and readable a limited number of times. Creating one
 * replaces the previous one. The private key is a non-extractable CryptoKey kept in IndexedDB.
 */
import type {
  CallContext,
  CreateImportTokenRequest,
  ImportToken,
  ImportTokenMetadata,
} from '../../domain/api';
import { invalidField } from '../../domain/errors';
import { importAlgorithmsFor } from '../../domain/import-rules';
import { SECOND } from '../../domain/time';
import type { ServiceInstance } from '../../domain/types';
import { encodeBase64 } from '../../domain/validation';
import { randomBytes, randomUUID } from '../crypto/random';
import { generateImportKeyPair } from '../crypto/rsa-oaep';
import { requireAllowed } from '../iam/access';
import { perform, type EngineContext, type Operation } from '../operation';
import type { ImportTokenRecord } from '../store/records';
import { importTokenExpired } from './import-material';

export const IMPORT_TOKEN_LIMITS = {
  expirationMin: 300,
  expirationMax: 86_400,
  expirationDefault: 600,
  retrievalsMin: 1,
  retrievalsMax: 500,
  retrievalsDefault: 1,
  nonceBytes: 12,
} as const;

const iso = (ms: number): string => new Date(ms).toISOString();

function wholeNumberIn(field: string, value: unknown, min: number, max: number, fallback: number) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidField(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

function metadataOf(token: ImportTokenRecord): ImportTokenMetadata {
  return {
    creationDate: iso(token.creationDate),
    expirationDate: iso(token.expirationDate),
    maxAllowedRetrievals: token.maxAllowedRetrievals,
    remainingRetrievals: token.remainingRetrievals,
  };
}

export class ImportTokenService {
  /** When the next stored private key expires (undefined: not read yet; Infinity: none). */
  private nextExpiry: number | undefined;

  constructor(private readonly env: EngineContext) {}

  /** Another tab created a token: read the expiry schedule again before the next call. */
  forgetSchedule(): void {
    this.nextExpiry = undefined;
  }

  /**
   * SPEC 6: an expired token's private key is erased (a replaced one is overwritten by its
   * successor). Runs before calls, as the purge and rotation schedules do; one transaction erases
   * every expired key and records `kms.import-token.expire` for each, by the system.
   */
  async eraseExpired(): Promise<void> {
    const now = this.env.clock.now();
    if (this.nextExpiry === undefined) {
      const tokens = await this.env.store.read((tx) => tx.listImportTokens());
      this.nextExpiry = Math.min(
        Infinity,
        ...tokens.filter((t) => t.privateKey).map((t) => t.expirationDate),
      );
    }
    if (now < this.nextExpiry) return;
    let restoreQueue: (() => void) | undefined;
    const erased: string[] = [];
    try {
      await this.env.store.write(async (tx) => {
        const events = [];
        for (const token of await tx.listImportTokens()) {
          if (!token.privateKey || now < token.expirationDate) continue;
          const { privateKey: _erased, privateKeySha1: _erasedSha1, ...kept } = token;
          await tx.putImportToken({ ...kept, nonce: new Uint8Array(token.nonce.length) });
          erased.push(token.instanceId);
          const instance = await tx.getInstance(token.instanceId);
          events.push({
            id: randomUUID(),
            time: new Date(now).toISOString(),
            action: 'kms.import-token.expire',
            initiator: { id: 'system', name: 'Key Protect (token expiry)', roles: [] },
            target: { crn: instance?.crn ?? '', instanceId: token.instanceId },
            outcome: 'success' as const,
            correlationId: randomUUID(),
          });
        }
        restoreQueue = await this.env.audit.appendInTransaction(tx, events);
      });
    } catch (error) {
      restoreQueue?.();
      throw error;
    }
    this.nextExpiry = undefined;
    for (const instanceId of erased) this.env.notify({ topic: 'importToken', instanceId });
  }

  /** Signs in and checks the Writer-level right on the instance itself. */
  private async writer(op: Operation): Promise<ServiceInstance> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    requireAllowed(user, policies, { instanceId: instance.id }, 'write');
    return instance;
  }

  createImportToken(
    ctx: CallContext,
    req: CreateImportTokenRequest = {},
  ): Promise<ImportTokenMetadata> {
    return perform(this.env, ctx, 'kms.import-token.create', async (op) => {
      const instance = await this.writer(op);
      const instanceId = instance.id;
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'an import token request is an object');
      const L = IMPORT_TOKEN_LIMITS;
      const expiration = wholeNumberIn(
        'expiration',
        req.expiration,
        L.expirationMin,
        L.expirationMax,
        L.expirationDefault,
      );
      const retrievals = wholeNumberIn(
        'maxAllowedRetrievals',
        req.maxAllowedRetrievals,
        L.retrievalsMin,
        L.retrievalsMax,
        L.retrievalsDefault,
      );
      // Seconds of work (RSA-4096): done before the transaction, in the engine's worker.
      // An hpcs instance also takes RSAES_OAEP_SHA_1 (a second, SHA-1 handle of the same key).
      const pair = await generateImportKeyPair(
        importAlgorithmsFor(instance.kind).includes('RSAES_OAEP_SHA_1'),
      );
      const token: ImportTokenRecord = {
        instanceId,
        creationDate: op.now,
        expirationDate: op.now + expiration * SECOND,
        maxAllowedRetrievals: retrievals,
        remainingRetrievals: retrievals,
        createdBy: op.ctx.userId,
        publicKeyPem: pair.publicKeyPem,
        privateKey: pair.privateKey,
        ...(pair.privateKeySha1 ? { privateKeySha1: pair.privateKeySha1 } : {}),
        nonce: randomBytes(L.nonceBytes),
      };
      await op.commit((tx) => tx.putImportToken(token), { topic: 'importToken', instanceId });
      this.nextExpiry = Math.min(this.nextExpiry ?? Infinity, token.expirationDate);
      return metadataOf(token);
    });
  }

  getImportToken(ctx: CallContext): Promise<ImportToken> {
    return perform(this.env, ctx, 'kms.import-token.read', async (op) => {
      const instanceId = (await this.writer(op)).id;
      const token = await op.commit(
        async (tx) => {
          const stored = await tx.getImportToken(instanceId);
          if (!stored)
            throw invalidField(
              'importToken',
              'this instance has no import token: create one first',
            );
          if (op.now >= stored.expirationDate) throw importTokenExpired(stored.expirationDate);
          if (stored.remainingRetrievals <= 0)
            throw invalidField(
              'importToken',
              `the import token's retrievals are used up (it allowed ${stored.maxAllowedRetrievals}): create a new one`,
            );
          const next = { ...stored, remainingRetrievals: stored.remainingRetrievals - 1 };
          await tx.putImportToken(next);
          return next;
        },
        { topic: 'importToken', instanceId },
      );
      return {
        ...metadataOf(token),
        // As Key Protect: the base64 of the PEM (its documented step is `base64 --decode`).
        payload: encodeBase64(new TextEncoder().encode(token.publicKeyPem)),
        nonce: encodeBase64(token.nonce),
      };
    });
  }
}
