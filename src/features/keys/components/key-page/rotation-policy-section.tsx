/**
 * The rotation policy section of the key's policies (SPEC.md section 7): on/off and every 1–12
 * months for generated root keys, with the date the key rotates next on the engine clock. Without
 * the policies (not a Manager), only what the key's metadata tells, read-only.
 */
import { Button, NumberInput, SkeletonText, Stack, Toggle } from '@carbon/react';
import { useState } from 'react';
import {
  ROTATION_INTERVAL_MAX,
  ROTATION_INTERVAL_MIN,
  rotationIntervalProblem,
} from '../../../../domain/rotation';
import type { Key, KeyPolicies, RotationPolicy } from '../../../../domain/types';
import { failureMessage } from '../../../../components/failure-message';
import { usePutKeyPolicies } from '../../api/put-key-policies';
import { useEngineNow } from '../../../../client/session-query';
import { DateTime, relative } from './format';
import { useActionFeedback } from './use-action-feedback';
import { FailureNotice } from '../../../../components/failure-notice';
import { plural } from '../../../../components/format';

function NextRotation({ keyData: key }: { keyData: Key }) {
  const now = useEngineNow();
  if (!key.nextRotationDate)
    return <p data-testid="next-rotation">No rotation is scheduled for this key.</p>;
  return (
    <p data-testid="next-rotation">
      Next rotation: <DateTime iso={key.nextRotationDate} />{' '}
      <span className="kw-secondary">({relative(key.nextRotationDate, now)})</span>, on the engine
      clock.
    </p>
  );
}

export function RotationSection({
  keyData: key,
  policies,
  loading,
  readOnly,
}: {
  keyData: Key;
  policies: KeyPolicies | undefined;
  loading: boolean;
  readOnly: string | undefined;
}) {
  const applies = !key.extractable && !key.imported;
  return (
    <section aria-labelledby="policy-rotation" className="kw-policy-section">
      <h2 id="policy-rotation" className="kw-section-title">
        Rotation policy
      </h2>
      {!applies ? (
        <p>
          {key.extractable
            ? 'Rotation policies apply to root keys; this is a standard key.'
            : 'Rotation policies apply to generated root keys; this key was imported and is rotated by supplying new material.'}
        </p>
      ) : (
        <Stack gap={5}>
          <p className="kw-secondary">
            Keyward rotates the key every 1–12 months (a month is 30 days, as in Key Protect) after
            its last rotation (or creation), on the engine clock — also if the console was closed
            when it fell due (then once). Older versions keep unwrapping what they wrapped.
          </p>
          <NextRotation keyData={key} />
          {loading ? (
            <SkeletonText paragraph lineCount={2} />
          ) : policies === undefined ? (
            // Not a Manager (or the policies did not load): only what the key's metadata tells.
            <Stack gap={3}>
              <Toggle
                id="rotation-enabled"
                labelText="Rotate automatically"
                labelA="Off"
                labelB="On"
                toggled={key.nextRotationDate !== undefined}
                disabled
              />
              <p className="kw-secondary">The interval is shown to Managers only.</p>
            </Stack>
          ) : (
            <RotationForm
              // A new form per stored policy, so it starts from what the engine holds.
              key={JSON.stringify(policies.rotation ?? null)}
              keyId={key.id}
              current={policies.rotation}
              readOnly={readOnly}
            />
          )}
        </Stack>
      )}
    </section>
  );
}

function RotationForm({
  keyId,
  current,
  readOnly,
}: {
  keyId: string;
  current: RotationPolicy | undefined;
  readOnly: string | undefined;
}) {
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [interval, setInterval] = useState<string>(String(current?.interval_month ?? 1));
  const put = usePutKeyPolicies(keyId);
  const feedback = useActionFeedback();
  const months = Number(interval);
  const problem =
    interval.trim() === ''
      ? 'Enter a number of months from 1 to 12.'
      : rotationIntervalProblem(months)
        ? `Rotate every ${ROTATION_INTERVAL_MIN}–${ROTATION_INTERVAL_MAX} months, in whole months.`
        : undefined;
  const changed =
    current !== undefined && (enabled !== current.enabled || months !== current.interval_month);
  const failure = put.error ? failureMessage(put.error) : undefined;

  return (
    <Stack gap={5}>
      <Toggle
        id="rotation-enabled"
        labelText="Rotate automatically"
        labelA="Off"
        labelB="On"
        toggled={enabled}
        disabled={readOnly !== undefined}
        onToggle={(on) => setEnabled(on)}
      />
      <NumberInput
        id="rotation-interval"
        className="kw-policy-interval"
        label="Rotate every (months)"
        // No helper under a disabled input: Carbon greys it below readable contrast.
        helperText={
          readOnly === undefined && enabled
            ? `A whole number from ${ROTATION_INTERVAL_MIN} to ${ROTATION_INTERVAL_MAX}.`
            : undefined
        }
        min={ROTATION_INTERVAL_MIN}
        max={ROTATION_INTERVAL_MAX}
        step={1}
        value={interval}
        allowEmpty
        onChange={(_event, { value }) => setInterval(String(value))}
        invalid={problem !== undefined}
        invalidText={problem}
        disabled={readOnly !== undefined || !enabled}
        hideSteppers={false}
      />
      <FailureNotice failure={failure} />
      {readOnly === undefined && (
        <div>
          <Button
            size="md"
            disabled={!changed || (enabled && problem !== undefined) || put.isPending}
            onClick={() =>
              put.mutate(
                {
                  rotation: {
                    enabled,
                    interval_month: problem ? (current?.interval_month ?? 1) : months,
                  },
                },
                {
                  onSuccess: (saved) =>
                    feedback.succeeded(
                      'Rotation policy saved',
                      saved.rotation?.enabled
                        ? `The key rotates every ${plural(saved.rotation.interval_month, 'month')}.`
                        : 'Automatic rotation is off.',
                    ),
                },
              )
            }
          >
            {put.isPending ? 'Saving…' : 'Save rotation policy'}
          </Button>
        </div>
      )}
    </Stack>
  );
}
