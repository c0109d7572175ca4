/**
 * Envelope operations of SPEC.md section 5 on root keys: wrap (with a caller DEK or a generated
 * one), unwrap (rewrapping to the latest version when the ciphertext is older) and rewrap. Any
 * ciphertext that does not open (wrong key, tampered bytes, wrong AAD) is one answer: 422.
 */
import type {
  CallContext,
  RewrapResult,
  UnwrapRequest,
  UnwrapResult,
  WrapRequest,
  WrapResult,
} from '../../domain/api';
import { decodeEnvelope, type Envelope } from '../../domain/envelope';
import { EngineError, invalidField } from '../../domain/errors';
import { checkAad, decodeBase64, encodeBase64, LIMITS } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { openEnvelope, sealEnvelope } from '../crypto/envelope-crypto';
import { randomBytes } from '../crypto/random';
import { perform, type EngineContext } from '../operation';
import type { KeyRecord } from '../store/records';
import type { KeyCache } from './key-cache';
import { requireRootKey, requireState, type KeyService } from './keys';

const GENERATED_DEK_BYTES = 32;

function unprocessable(): EngineError {
  return new EngineError(
    422,
    'UNPROCESSABLE_CIPHERTEXT_ERR',
    'The ciphertext could not be unwrapped with this key: it was made by another key, was altered, or the AAD differs.',
  );
}

export class WrapService {
  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    private readonly keys: KeyService,
    /** Last-use tracking (issue 11): told which key version each successful call used. */
    private readonly usage?: {
      note(correlationId: string, action: string, keyId: string, versionId: string): void;
    },
  ) {}

  wrap(ctx: CallContext, idOrAlias: string, req: WrapRequest = {}): Promise<WrapResult> {
    return perform(this.env, ctx, 'kms.secrets.wrap', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'wrap');
      requireRootKey(key, 'Wrapping');
      requireState(key, op.now, 'wrap');
      if (typeof req !== 'object' || req === null)
        throw invalidField('body', 'give an object with optional plaintext and aad');
      const aad = checkAad(req.aad);
      let dek: Bytes;
      if (req.plaintext === undefined) dek = randomBytes(GENERATED_DEK_BYTES);
      else {
        dek = decodeBase64('plaintext', req.plaintext) as Bytes;
        if (dek.length === 0 || dek.length > LIMITS.wrapPlaintextMax)
          throw invalidField(
            'plaintext',
            `must be 1–${LIMITS.wrapPlaintextMax} bytes (this has ${dek.length})`,
          );
      }
      const ciphertext = await this.seal(key, dek, aad);
      const result: WrapResult = { ciphertext, keyVersion: { id: key.currentVersion.id } };
      if (req.plaintext === undefined) result.plaintext = encodeBase64(dek);
      this.usage?.note(op.correlationId, op.action, key.id, key.currentVersion.id);
      return result;
    });
  }

  unwrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<UnwrapResult> {
    return perform(this.env, ctx, 'kms.secrets.unwrap', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'wrap');
      requireRootKey(key, 'Unwrapping');
      requireState(key, op.now, 'unwrap');
      const { dek, envelope } = await this.open(key, req);
      const result: UnwrapResult = {
        plaintext: encodeBase64(dek),
        keyVersion: { id: envelope.keyVersionId },
      };
      if (envelope.keyVersionId !== key.currentVersion.id) {
        result.ciphertext = await this.seal(key, dek, checkAad(req.aad));
        result.rewrappedKeyVersion = { id: key.currentVersion.id };
      }
      dek.fill(0);
      this.usage?.note(op.correlationId, op.action, key.id, envelope.keyVersionId);
      return result;
    });
  }

  rewrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<RewrapResult> {
    return perform(this.env, ctx, 'kms.secrets.rewrap', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'wrap');
      requireRootKey(key, 'Rewrapping');
      requireState(key, op.now, 'rewrap');
      const { dek, envelope } = await this.open(key, req);
      const ciphertext = await this.seal(key, dek, checkAad(req.aad));
      dek.fill(0);
      this.usage?.note(op.correlationId, op.action, key.id, envelope.keyVersionId);
      return {
        ciphertext,
        keyVersion: { id: envelope.keyVersionId },
        rewrappedKeyVersion: { id: key.currentVersion.id },
      };
    });
  }

  private async seal(key: KeyRecord, dek: Bytes, aad: readonly string[]): Promise<string> {
    const version = await this.cache.version(key, key.currentVersion.id);
    if (!version)
      throw new EngineError(500, 'INTERNAL_ERR', `Key ${key.id} has lost its current version.`);
    return encodeBase64(await sealEnvelope(version.key, key.id, version.id, dek, aad));
  }

  private async open(
    key: KeyRecord,
    req: UnwrapRequest,
  ): Promise<{ dek: Bytes; envelope: Envelope }> {
    if (typeof req !== 'object' || req === null)
      throw invalidField('body', 'a ciphertext is required');
    const aad = checkAad(req.aad);
    if (typeof req.ciphertext !== 'string' || req.ciphertext.length === 0)
      throw invalidField('ciphertext', 'is required');
    const envelope = decodeEnvelope(decodeBase64('ciphertext', req.ciphertext));
    if (!envelope || envelope.keyId !== key.id) throw unprocessable();
    const version = await this.cache.version(key, envelope.keyVersionId);
    if (!version) throw unprocessable();
    const dek = await openEnvelope(version.key, envelope, aad);
    if (!dek) throw unprocessable();
    return { dek: dek as Bytes, envelope };
  }
}
