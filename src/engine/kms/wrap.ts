/**
 * Envelope operations of SPEC.md section 5 on root keys: wrap (with a caller DEK or a generated
 * one), unwrap (rewrapping to the latest version when the ciphertext is older) and rewrap. Any
 * ciphertext that does not open (wrong key, tampered bytes, wrong AAD) is one answer: 422.
 */
import type {
  BatchItem,
  BatchUnwrapItem,
  BatchWrapItem,
  CallContext,
  RewrapResult,
  UnwrapRequest,
  UnwrapResult,
  WrapRequest,
  WrapResult,
} from '../../domain/api';
import { EngineError, errorBody, invalidField } from '../../domain/errors';
import type { AuditEventItem } from '../../domain/types';
import { checkAad, decodeBase64, encodeBase64, LIMITS } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { envelopeVersionOf } from '../crypto/envelope-crypto';
import { randomBytes } from '../crypto/random';
import { denial, hasAnyRoleIn } from '../iam/access';
import { perform, type EngineContext } from '../operation';
import type { KeyRecord } from '../store/records';
import type { KeyCache } from './key-cache';
import { accessTargetOf } from './key-view';
import { requireRootKey, requireState } from './key-guards';
import type { KeyService } from './keys';
import {
  batchOutcomes,
  GENERATED_DEK_BYTES,
  lostCurrentVersion,
  unprocessable,
  type BatchKind,
} from './wrap-batch';

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
      const { result, versionId } = await this.wrapWith(key, op.now, req);
      this.usage?.note(op.correlationId, op.action, key.id, versionId);
      return result;
    });
  }

  unwrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<UnwrapResult> {
    return perform(this.env, ctx, 'kms.secrets.unwrap', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'wrap');
      const { result, versionId } = await this.unwrapWith(key, op.now, req);
      this.usage?.note(op.correlationId, op.action, key.id, versionId);
      return result;
    });
  }

  rewrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<RewrapResult> {
    return perform(this.env, ctx, 'kms.secrets.rewrap', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'wrap');
      const { result, versionId } = await this.rewrapWith(key, op.now, req);
      this.usage?.note(op.correlationId, op.action, key.id, versionId);
      return result;
    });
  }

  /** Batch wrap (SPEC section 5): up to 1,000 items, each naming its key, one event. */
  wrapBatch(ctx: CallContext, items: BatchWrapItem[]): Promise<BatchItem<WrapResult>[]> {
    return this.batch(ctx, 'kms.secrets.wrap', 'wrap', items);
  }

  unwrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<UnwrapResult>[]> {
    return this.batch(ctx, 'kms.secrets.unwrap', 'unwrap', items);
  }

  rewrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<RewrapResult>[]> {
    return this.batch(ctx, 'kms.secrets.rewrap', 'rewrap', items);
  }

  /**
   * One batch call: every item checked as if it were its own call (its key in the instance, the
   * caller's role on that key, root key, state, then the cryptography: ./wrap-batch.ts), all
   * items at once; one result or error per item, in order; one event listing every item's key,
   * key version and outcome, durable before the call resolves. Where every item names the same
   * key, the event targets that key (so the key's history shows it); otherwise the instance.
   */
  private async batch<R>(
    ctx: CallContext,
    action: string,
    kind: BatchKind,
    items: (BatchWrapItem | BatchUnwrapItem)[],
  ): Promise<BatchItem<R>[]> {
    const results = await perform(this.env, ctx, action, async (op) => {
      if (!Array.isArray(items) || items.length === 0 || items.length > LIMITS.batchMax)
        throw invalidField('items', `give 1–${LIMITS.batchMax} items`);
      const { user, policies } = await op.signIn();
      const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      // What would refuse each item's own call before its key is looked at.
      let refusedAll: unknown;
      try {
        if (instance.kind === 'hpcs') await this.cache.masterKey(instance.id);
        if (!hasAnyRoleIn(policies, instance.id))
          throw denial(user, 'wrap', { instanceId: instance.id });
      } catch (error) {
        refusedAll = error;
      }
      const outcomes = await batchOutcomes<R>(
        this.cache,
        { user, policies, instanceId: instance.id, now: op.now, refusedAll },
        kind,
        items,
      );
      const keyIds = new Set(outcomes.map((o) => o.key?.id));
      const only = outcomes[0]?.key;
      if (keyIds.size === 1 && only) op.aim(only.crn, accessTargetOf(only));
      let failed = 0;
      let first = -1;
      const listed: AuditEventItem[] = new Array(outcomes.length);
      const answers: BatchItem<R>[] = new Array(outcomes.length);
      outcomes.forEach((o, i) => {
        if (o.error) {
          failed++;
          if (first < 0) first = i;
          listed[i] = { keyId: o.keyId, outcome: 'failure', code: o.error.code };
          answers[i] = { ok: false, error: errorBody(o.error) };
        } else {
          listed[i] = { keyId: o.keyId, keyVersion: o.versionId, outcome: 'success' };
          answers[i] = { ok: true, value: o.result as R };
        }
      });
      const firstError = outcomes[first]?.error;
      op.itemize(
        listed,
        firstError &&
          new EngineError(
            firstError.status,
            firstError.code,
            `${failed} of ${outcomes.length} items refused; the first (item ${first}): ${firstError.message}`,
          ),
      );
      return answers;
    });
    // The batch's one event is written before its results are handed out.
    await this.env.audit.flush();
    return results;
  }

  private async wrapWith(
    key: KeyRecord,
    now: number,
    req: WrapRequest,
  ): Promise<{ result: WrapResult; versionId: string }> {
    requireRootKey(key, 'Wrapping');
    requireState(key, now, 'wrap');
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
    return { result, versionId: key.currentVersion.id };
  }

  private async unwrapWith(
    key: KeyRecord,
    now: number,
    req: UnwrapRequest,
  ): Promise<{ result: UnwrapResult; versionId: string }> {
    requireRootKey(key, 'Unwrapping');
    requireState(key, now, 'unwrap');
    const { dek, versionId } = await this.open(key, req);
    const result: UnwrapResult = { plaintext: encodeBase64(dek), keyVersion: { id: versionId } };
    if (versionId !== key.currentVersion.id) {
      result.ciphertext = await this.seal(key, dek, checkAad(req.aad));
      result.rewrappedKeyVersion = { id: key.currentVersion.id };
    }
    dek.fill(0);
    return { result, versionId };
  }

  private async rewrapWith(
    key: KeyRecord,
    now: number,
    req: UnwrapRequest,
  ): Promise<{ result: RewrapResult; versionId: string }> {
    requireRootKey(key, 'Rewrapping');
    requireState(key, now, 'rewrap');
    const { dek, versionId } = await this.open(key, req);
    const ciphertext = await this.seal(key, dek, checkAad(req.aad));
    dek.fill(0);
    return {
      result: {
        ciphertext,
        keyVersion: { id: versionId },
        rewrappedKeyVersion: { id: key.currentVersion.id },
      },
      versionId,
    };
  }

  private async seal(key: KeyRecord, dek: Bytes, aad: readonly string[]): Promise<string> {
    const version = await this.cache.version(key, key.currentVersion.id);
    if (!version) throw lostCurrentVersion(key);
    return encodeBase64(await version.envelopes.seal(dek, aad));
  }

  /**
   * The DEK inside the request's ciphertext and the key version that sealed it. The envelope is
   * read as a batch item's is (`envelopeVersionOf`: the key id compared as bytes, the version id
   * decoded only when it is not the current one), not decoded into text first.
   */
  private async open(
    key: KeyRecord,
    req: UnwrapRequest,
  ): Promise<{ dek: Bytes; versionId: string }> {
    if (typeof req !== 'object' || req === null)
      throw invalidField('body', 'a ciphertext is required');
    const aad = checkAad(req.aad);
    if (typeof req.ciphertext !== 'string' || req.ciphertext.length === 0)
      throw invalidField('ciphertext', 'is required');
    const bytes = decodeBase64('ciphertext', req.ciphertext);
    const versionId = envelopeVersionOf(bytes, key.id, key.currentVersion.id);
    if (versionId === undefined) throw unprocessable();
    const version = await this.cache.version(key, versionId);
    if (!version) throw unprocessable();
    const dek = await version.envelopes.open(bytes, aad);
    if (!dek) throw unprocessable();
    return { dek, versionId };
  }
}
