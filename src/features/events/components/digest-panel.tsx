/**
 * Signed digests on the Events page (SPEC section 12): an auditor downloads a digest of the
 * chain's head, keeps it outside the browser, and later verifies the current chain against
 * digest files. A user who may not read the trail sees both controls disabled with the reason
 * (the engine refuses anyway).
 */
import { InlineNotification } from '@carbon/react';
import { Document, Download } from '@carbon/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { sessionQuery } from '../../../client/session-query';
import { GatedButton } from '../../../components/gated-button';
import { auditPermission } from '../../../domain/audit-access';
import { useSignDigest, useVerifyDigests, type DigestCheck } from '../api/events-digest';
import { formatCount, formatDate, plural } from '../../../components/format';

export function DigestPanel() {
  const ctx = useCallContext();
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const session = useQuery(sessionQuery());
  const user = session.data?.users.find((u) => u.id === ctx.userId);
  const permission =
    session.data && user
      ? auditPermission(
          user,
          session.data.policies.filter((p) => p.userId === ctx.userId),
          ctx.instanceId,
        )
      : undefined;
  const sign = useSignDigest();
  const verify = useVerifyDigests();

  return (
    <section className="kw-digests" aria-labelledby={titleId}>
      <h2 id={titleId} className="kw-section-title">
        Signed digests
      </h2>
      <p className="kw-digests__about">
        A digest is the trail’s newest event and hash, signed by the engine’s own key. Keep digests
        outside this browser: verifying against them later shows whether history before each one was
        rewritten, even if the whole chain was rehashed.
      </p>
      <div className="kw-digests__actions">
        <GatedButton
          permission={permission}
          error={session.error ?? undefined}
          kind="tertiary"
          size="md"
          renderIcon={Download}
          disabled={sign.isPending}
          onClick={() => sign.mutate()}
        >
          {sign.isPending ? 'Signing…' : 'Download signed digest'}
        </GatedButton>
        <GatedButton
          permission={permission}
          error={session.error ?? undefined}
          kind="tertiary"
          size="md"
          renderIcon={Document}
          disabled={verify.isPending}
          onClick={() => input.current?.click()}
        >
          {verify.isPending ? 'Verifying…' : 'Verify against digest files'}
        </GatedButton>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          multiple
          hidden
          aria-label="Digest files to verify"
          data-testid="digest-files"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            // The same file may be chosen again after it changed: forget this choice.
            event.currentTarget.value = '';
            if (files.length > 0) verify.mutate(files);
          }}
        />
      </div>
      {verify.isError && (
        <InlineNotification
          kind="error"
          title={`Could not verify: ${errorMessage(verify.error).title}`}
          subtitle={errorMessage(verify.error).detail}
          hideCloseButton
          lowContrast
        />
      )}
      {verify.data && <DigestResults check={verify.data} />}
    </section>
  );
}

function DigestResults({ check }: { check: DigestCheck }) {
  // The engine answers for the digest files in the order they were given.
  const answers = [...(check.verification?.digests ?? [])];
  const rows = check.files.map((file) => {
    if (!file.ok) return { fileName: file.fileName, ok: false, text: `This file ${file.problem}.` };
    const answer = answers.shift();
    return answer?.ok
      ? {
          fileName: file.fileName,
          ok: true,
          text: `History up to event #${formatCount(answer.seq)} is as signed on ${formatDate(answer.time, true)}.`,
        }
      : {
          fileName: file.fileName,
          ok: false,
          text: `Event #${formatCount(file.digest.seq)}: ${answer?.problem ?? 'not checked'}.`,
        };
  });
  const failed = rows.filter((r) => !r.ok).length;
  return (
    <div className="kw-digests__results" data-testid="digest-results">
      <InlineNotification
        kind={failed === 0 ? 'success' : 'error'}
        title={
          failed === 0
            ? `${rows.length === 1 ? 'The digest' : `All ${rows.length} digests`} verified`
            : `${failed} of ${plural(rows.length, 'digest')} failed`
        }
        subtitle={
          failed === 0
            ? `The trail still holds every event ${rows.length === 1 ? 'this digest' : 'these digests'} signed, unchanged.`
            : 'The trail does not match what was signed: history was rewritten or the file was altered.'
        }
        hideCloseButton
        lowContrast
      />
      <ul className="kw-digests__list">
        {rows.map((row, i) => (
          <li key={`${row.fileName}-${i}`}>
            <strong>{row.fileName}</strong>: {row.ok ? 'verified. ' : 'failed. '}
            {row.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
