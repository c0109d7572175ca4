/**
 * The key's policies (SPEC.md sections 4, 5 and 7; Manager): the rotation policy of generated root
 * keys (on/off and every 1–12 months, with the date it rotates next) and dual authorization for
 * deletion, which asks for confirmation because it can never be switched off. Other roles see
 * what the key's metadata tells, read-only, with the reason.
 */
import {
  Button,
  InlineNotification,
  Modal,
  NumberInput,
  SkeletonText,
  Stack,
  Toggle,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { KeyState } from '../../../../domain/key-state';
import {
  ROTATION_INTERVAL_MAX,
  ROTATION_INTERVAL_MIN,
  rotationIntervalProblem,
} from '../../../../domain/rotation';
import type { Key, KeyPolicies, Permissions, RotationPolicy } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { failureMessage } from '../../../../components/failure-message';
import { usePutKeyPolicies } from '../../api/put-key-policies';
import { useEngineNow } from '../../../../client/session-query';
import { DateTime, relative } from './format';
import { useActionFeedback } from './use-action-feedback';
import { FailureNotice } from '../../../../components/failure-notice';
import { engineQuery } from '../../../../client/engine-query';
import { plural } from '../../../../components/format';

export function PoliciesTab({
  keyData: key,
  permissions,
}: {
  keyData: Key;
  permissions: Permissions | undefined;
}) {
  const ctx = useCallContext();
  const policy = permissions?.policy;
  const policies = useQuery({
    ...engineQuery('getKeyPolicies', ctx, key.id),
    enabled: policy?.allowed === true,
  });
  const deleted = key.state === KeyState.Destroyed;
  // Why the controls are read-only, if they are.
  const readOnly = !policy
    ? 'Checking what you may do…'
    : !policy.allowed
      ? `Key policies are read and set by a Manager: ${policy.reason ?? 'this needs the Manager role.'}`
      : deleted
        ? 'The key is deleted: its policies cannot be changed; restore it first.'
        : undefined;

  return (
    <div className="kw-policies">
      {readOnly && policy && (
        <InlineNotification
          kind="info"
          title="Read-only"
          subtitle={readOnly}
          hideCloseButton
          lowContrast
        />
      )}
      {policies.isError && (
        <InlineNotification
          kind="error"
          title={`Could not load the policies: ${failureMessage(policies.error).title}`}
          subtitle={failureMessage(policies.error).detail}
          hideCloseButton
          lowContrast
        />
      )}
      <RotationSection
        keyData={key}
        policies={policies.data}
        loading={policy?.allowed === true && policies.isPending}
        readOnly={readOnly}
      />
      <DualAuthSection keyData={key} readOnly={readOnly} />
    </div>
  );
}

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

function RotationSection({
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

function DualAuthSection({
  keyData: key,
  readOnly,
}: {
  keyData: Key;
  readOnly: string | undefined;
}) {
  const [confirming, setConfirming] = useState(false);
  const put = usePutKeyPolicies(key.id);
  const feedback = useActionFeedback();
  const on = key.dualAuthDelete.enabled;
  const failure = put.error ? failureMessage(put.error) : undefined;

  return (
    <section aria-labelledby="policy-dual" className="kw-policy-section">
      <h2 id="policy-dual" className="kw-section-title">
        Dual authorization
      </h2>
      <Stack gap={5}>
        <p className="kw-secondary">
          With dual authorization, deleting the key takes two different users with delete rights:
          one schedules the deletion (valid 7 days), another deletes.
        </p>
        <Toggle
          id="dual-auth-enabled"
          labelText="Dual authorization for deletion"
          labelA="Off"
          labelB="On"
          toggled={on}
          disabled={readOnly !== undefined || on || put.isPending}
          onToggle={(next) => {
            if (next) setConfirming(true);
          }}
        />
        {on && (
          <p data-testid="dual-auth-note">
            On for good: once on, dual authorization cannot be switched off.
          </p>
        )}
      </Stack>
      <Modal
        open={confirming}
        danger
        modalHeading="Switch on dual authorization?"
        primaryButtonText={put.isPending ? 'Switching on…' : 'Switch on for good'}
        primaryButtonDisabled={put.isPending}
        secondaryButtonText="Cancel"
        onRequestClose={() => {
          put.reset();
          setConfirming(false);
        }}
        onRequestSubmit={() =>
          put.mutate(
            { dualAuthDelete: { enabled: true } },
            {
              onSuccess: () => {
                setConfirming(false);
                feedback.succeeded(
                  'Dual authorization is on',
                  `Deleting “${key.name}” now takes two users.`,
                );
              },
            },
          )
        }
        size="sm"
      >
        <Stack gap={5}>
          <p>
            This <strong>cannot be switched off</strong> later, by anyone. From now on, deleting “
            {key.name}” needs one user to schedule the deletion and a different user to delete it.
          </p>
          <FailureNotice failure={failure} />
        </Stack>
      </Modal>
    </section>
  );
}
