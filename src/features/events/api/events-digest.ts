/**
 * The auditor's digest flow (SPEC section 12): sign a digest of the chain's head and download it
 * as a file to keep outside the browser; later, verify the current chain against digest files.
 * Both are engine calls (audited as keyward.events.digest and keyward.events.verify).
 */
import { useMutation } from '@tanstack/react-query';
import type { ChainVerification } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { keywardClient } from '../../../client/keyward-client';
import { useNotify } from '../../../components/notifications';
import { digestFileName, digestToFile, parseDigestFile, type ParsedDigest } from '../digest-file';
import { formatCount } from '../../../components/format';
import { saveBlob } from '../../../components/save-blob';

export function useSignDigest() {
  const ctx = useCallContext();
  const notify = useNotify();
  return useMutation({
    mutationFn: async () => {
      const digest = await keywardClient().getEventsDigest(ctx);
      const fileName = digestFileName(digest);
      saveBlob(digestToFile(digest), fileName, 'application/json');
      return { fileName, seq: digest.seq };
    },
    onSuccess: ({ fileName, seq }) =>
      notify({
        kind: 'success',
        title: `Signed a digest of the trail up to event #${formatCount(seq)}`,
        subtitle: `${fileName}: keep it outside this browser.`,
      }),
    onError: (error) => {
      const message = errorMessage(error);
      notify({
        kind: 'error',
        title: `Could not sign a digest: ${message.title}`,
        subtitle: message.detail,
      });
    },
  });
}

export interface DigestCheck {
  files: ParsedDigest[];
  /** The engine's answer for the files that are digests (absent when none is). */
  verification?: ChainVerification;
}

export function useVerifyDigests() {
  const ctx = useCallContext();
  return useMutation({
    mutationFn: async (files: File[]): Promise<DigestCheck> => {
      const parsed = await Promise.all(
        files.map(async (file) => parseDigestFile(file.name, await file.text())),
      );
      const digests = parsed.flatMap((p) => (p.ok ? [p.digest] : []));
      if (digests.length === 0) return { files: parsed };
      return { files: parsed, verification: await keywardClient().verifyEvents(ctx, digests) };
    },
  });
}
