/**
 * Runs one ceremony command from the console: each administrator's signature key file and
 * password sign the command's exact text in the engine (nothing is kept), then the command goes
 * to the engine with those signatures. The engine's change notice refreshes the crypto units' state.
 */
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../../../domain/api';
import {
  ceremonyCommandText,
  type CeremonyCommand,
  type CeremonySignature,
  type HpcsState,
} from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';

export interface SignerInput {
  file: string;
  password: string;
}

export async function signCommand(
  ctx: CallContext,
  state: Pick<HpcsState, 'instanceId' | 'sequence'>,
  command: CeremonyCommand,
  signers: SignerInput[],
): Promise<CeremonySignature[]> {
  const text = ceremonyCommandText(state.instanceId, state.sequence, command);
  const signatures: CeremonySignature[] = [];
  for (const signer of signers)
    signatures.push(
      await keywardClient().signCeremonyCommand(ctx, {
        file: signer.file,
        password: signer.password,
        text,
      }),
    );
  return signatures;
}

/** A ceremony command as a mutation; the engine's change notice refreshes the page. */
export function useCeremonyCommand<T>(_ctx: CallContext, run: (input: T) => Promise<unknown>) {
  return useMutation({ mutationFn: run });
}

/** The verification pattern a part file names in its (clear) header, if it is one. */
export function partPatternOf(file: string): string | undefined {
  try {
    const header = JSON.parse(file) as { format?: unknown; verificationPattern?: unknown };
    return header.format === 'keyward-hpcs-master-key-part' &&
      typeof header.verificationPattern === 'string'
      ? header.verificationPattern
      : undefined;
  } catch {
    return undefined;
  }
}
