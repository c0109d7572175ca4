/**
 * Settings (`/settings`): the instance's policies, and the account seal (seal-section.tsx).
 * The policies: The dual-authorization and rotation defaults
 * that keys created afterwards take, and which keys may be created or imported, and how. Anyone
 * with a role in the instance sees them; only a Manager may change them (the controls say why
 * they are read-only). The engine validates and enforces every value.
 */
import {
  Button,
  Checkbox,
  FormGroup,
  InlineNotification,
  NumberInput,
  SkeletonText,
  Stack,
  Toggle,
} from '@carbon/react';
import { useState } from 'react';
import {
  ROTATION_INTERVAL_MAX,
  ROTATION_INTERVAL_MIN,
  rotationIntervalProblem,
} from '../../../domain/rotation';
import type { InstancePolicies, KeyCreateImportAccess, Permission } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { usePutInstancePolicies } from '../api/put-instance-policies';
import '../settings.scss';
import { FailureNotice } from '../../../components/failure-notice';
import { useInstancePolicies, usePermissions } from '../../../client/shared-reads';
import { SealSection } from './seal-section';

const ACCESS_LABELS: readonly [keyof KeyCreateImportAccess, string, string][] = [
  ['create_root_key', 'Create root keys', 'Generate root keys in Keyward.'],
  ['create_standard_key', 'Create standard keys', 'Generate standard keys in Keyward.'],
  ['import_root_key', 'Import root keys', 'Bring your own root key material.'],
  ['import_standard_key', 'Import standard keys', 'Bring your own standard key payloads.'],
  [
    'enforce_token',
    'Require an import token (enforce_token)',
    'Plain (unencrypted) import is refused; material must be encrypted under an import token.',
  ],
];

/** The domain's rule (the engine's too), worded as what to enter. */
function intervalProblem(value: number): string | undefined {
  return rotationIntervalProblem(value)
    ? `Enter a whole number of months from ${ROTATION_INTERVAL_MIN} to ${ROTATION_INTERVAL_MAX}.`
    : undefined;
}

export function Component() {
  const policies = useInstancePolicies();
  const permissions = usePermissions();

  return (
    <>
      <h1 className="kw-page-title">Settings</h1>
      <p className="kw-settings-intro">
        Policies of this Key Protect instance. Defaults apply to keys created or imported after they
        are saved; existing keys keep their own policies.
      </p>
      {policies.isPending ? (
        <SkeletonText paragraph lineCount={6} />
      ) : policies.isError ? (
        <FailureNotice failure={errorMessage(policies.error)} />
      ) : (
        <PoliciesForm
          // A new answer from the engine (saved here or in another tab) starts a fresh form.
          key={JSON.stringify(policies.data)}
          saved={policies.data}
          permission={permissions.data?.policy}
          permissionError={permissions.error}
        />
      )}
      <SealSection />
    </>
  );
}

function PoliciesForm({
  saved,
  permission,
  permissionError,
}: {
  saved: InstancePolicies;
  permission: Permission | undefined;
  permissionError: unknown;
}) {
  const [draft, setDraft] = useState<InstancePolicies>(saved);
  const put = usePutInstancePolicies();
  const notify = useNotify();
  const readOnly = !permission?.allowed;
  const interval = intervalProblem(draft.rotation.interval_month);
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const failure = put.error ? errorMessage(put.error) : undefined;
  const setAccess = (flag: keyof KeyCreateImportAccess, value: boolean) =>
    setDraft({
      ...draft,
      keyCreateImportAccess: { ...draft.keyCreateImportAccess, [flag]: value },
    });

  return (
    <form
      className="kw-settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (interval || readOnly) return;
        put.mutate(draft, {
          onSuccess: () =>
            notify({
              kind: 'success',
              title: 'Settings saved',
              subtitle: 'New keys follow them from now on.',
            }),
        });
      }}
    >
      <Stack gap={7}>
        {readOnly && (
          <InlineNotification
            kind="info"
            title="Read-only"
            subtitle={
              permission
                ? `You can read these settings; changing them needs the ${permission.needs ?? 'Manager'} role.`
                : permissionError
                  ? `Could not check what you may do: ${errorMessage(permissionError).detail}`
                  : 'Checking what you may do…'
            }
            lowContrast
            hideCloseButton
          />
        )}
        <FormGroup legendText="Dual authorization for deletion">
          <Toggle
            id="policy-dual-auth"
            labelText="Default for new keys"
            labelA="Off"
            labelB="On"
            toggled={draft.dualAuthDelete.enabled}
            disabled={readOnly}
            onToggle={(enabled) => setDraft({ ...draft, dualAuthDelete: { enabled } })}
          />
          <p className="kw-settings-help">
            When on, deleting a key created afterwards needs two different users: one schedules,
            another deletes.
          </p>
        </FormGroup>
        <FormGroup legendText="Automatic rotation">
          <Stack gap={5}>
            <Toggle
              id="policy-rotation"
              labelText="Default for new generated root keys"
              labelA="Off"
              labelB="On"
              toggled={draft.rotation.enabled}
              disabled={readOnly}
              onToggle={(enabled) =>
                setDraft({ ...draft, rotation: { ...draft.rotation, enabled } })
              }
            />
            <NumberInput
              id="policy-rotation-interval"
              label="Rotate every (months)"
              helperText={
                readOnly ? undefined : `${ROTATION_INTERVAL_MIN}–${ROTATION_INTERVAL_MAX} months.`
              }
              min={ROTATION_INTERVAL_MIN}
              max={ROTATION_INTERVAL_MAX}
              value={draft.rotation.interval_month}
              disabled={readOnly}
              invalid={interval !== undefined}
              invalidText={interval}
              onChange={(_event, { value }) =>
                setDraft({
                  ...draft,
                  rotation: { ...draft.rotation, interval_month: Number(value) },
                })
              }
            />
          </Stack>
        </FormGroup>
        <FormGroup legendText="Key create and import access">
          {ACCESS_LABELS.map(([flag, label, help]) => (
            <Checkbox
              key={flag}
              id={`policy-${flag}`}
              labelText={label}
              helperText={help}
              checked={draft.keyCreateImportAccess[flag]}
              disabled={readOnly}
              onChange={(_event, { checked }) => setAccess(flag, checked)}
            />
          ))}
        </FormGroup>
        <FailureNotice failure={failure} />
        <div className="kw-settings-actions">
          <Button
            kind="secondary"
            disabled={!changed || put.isPending}
            onClick={() => {
              setDraft(saved);
              put.reset();
            }}
          >
            Discard changes
          </Button>
          <GatedButton
            type="submit"
            permission={permission}
            error={permissionError}
            disabled={!changed || interval !== undefined || put.isPending}
          >
            {put.isPending ? 'Saving…' : 'Save settings'}
          </GatedButton>
        </div>
      </Stack>
    </form>
  );
}
