/**
 * Quorum authentication of ceremony commands (SPEC section 11): outside imprint mode every
 * command carries the signatures of as many distinct crypto unit administrators as its threshold
 * asks (the revocation threshold for removing an administrator, the signature threshold for
 * everything else), each over the command's exact text — bound to the instance, the command and
 * the units' sequence number, so a signature is never valid twice or elsewhere.
 */
import { EngineError, engineError, invalidField } from '../../domain/errors';
import {
  ceremonyCommandText,
  HPCS_LIMITS,
  thresholdFor,
  type CeremonyCommand,
  type CeremonySignature,
} from '../../domain/hpcs';
import { isBase64 } from '../../domain/validation';
import { verifySignature } from '../crypto/admin-signatures';
import type { HpcsRecord } from '../store/records';

export function isImprintMode(record: HpcsRecord): boolean {
  return record.signatureThreshold === undefined;
}

function imprintModeRefusal(): EngineError {
  return engineError(
    'CRYPTO_UNIT_STATE_ERR',
    'The crypto units are in imprint mode: add administrators and set the signature and revocation thresholds first (that ends imprint mode).',
  );
}

/** How many signatures the command needs now (0 in imprint mode for adding/removing admins). */
export function signaturesNeeded(record: HpcsRecord, command: CeremonyCommand): number {
  if (isImprintMode(record)) {
    if (command.kind === 'admin.add' || command.kind === 'admin.remove') return 0;
    // Leaving imprint mode is signed by one of the administrators just added.
    if (command.kind === 'threshold.set') return 1;
    throw imprintModeRefusal();
  }
  return thresholdFor(command.kind) === 'revocation'
    ? (record.revocationThreshold ?? 1)
    : (record.signatureThreshold ?? 1);
}

function parseSignatures(value: unknown): CeremonySignature[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > HPCS_LIMITS.maxAdmins)
    throw invalidField('signatures', `give a list of at most ${HPCS_LIMITS.maxAdmins} signatures`);
  return value.map((s, i) => {
    const item = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    if (typeof item.adminId !== 'string' || item.adminId.length === 0 || item.adminId.length > 64)
      throw invalidField(`signatures[${i}].adminId`, 'must be an administrator id');
    if (
      typeof item.signature !== 'string' ||
      item.signature.length > 200 ||
      !isBase64(item.signature)
    )
      throw invalidField(`signatures[${i}].signature`, 'must be a base64 signature');
    return { adminId: item.adminId, signature: item.signature };
  });
}

/**
 * Verifies the signatures of `command` at the record's sequence number; refuses too few, an
 * administrator twice, an unknown administrator, or one signature that does not verify.
 */
export async function verifyCommandSignatures(
  record: HpcsRecord,
  command: CeremonyCommand,
  value: unknown,
): Promise<void> {
  const needed = signaturesNeeded(record, command);
  const signatures = parseSignatures(value);
  if (needed === 0) return;
  const text = new TextEncoder().encode(
    ceremonyCommandText(record.instanceId, record.sequence, command),
  );
  const seen = new Set<string>();
  for (const s of signatures) {
    const admin = record.admins.find((a) => a.id === s.adminId);
    if (!admin)
      throw engineError(
        'INVALID_SIGNATURE_ERR',
        `Signature by ${s.adminId}: that key is not an administrator of these crypto units.`,
      );
    if (seen.has(s.adminId))
      throw engineError(
        'INVALID_SIGNATURE_ERR',
        `${admin.name} signed twice: each signature must come from a different administrator.`,
      );
    seen.add(s.adminId);
    const signature = Uint8Array.from(atob(s.signature), (c) => c.charCodeAt(0));
    if (!(await verifySignature(admin.publicKey, signature, text)))
      throw engineError(
        'INVALID_SIGNATURE_ERR',
        `${admin.name}'s signature does not verify over this command: it was made for another command, another instance or an earlier sequence number (a signature is valid once). Sign this command again.`,
      );
  }
  if (seen.size < needed) {
    const which = thresholdFor(command.kind) === 'revocation' ? 'revocation' : 'signature';
    throw engineError(
      'SIGNATURE_THRESHOLD_NOT_MET_ERR',
      `This command needs the signatures of ${needed} different administrators (the ${which} threshold); it has ${seen.size}.`,
    );
  }
}
