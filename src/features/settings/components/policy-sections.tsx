/**
 * The settings form's groups, one per Key Protect instance policy: each shows whether it is on,
 * its attributes, and who last set it. The network policies say plainly that they are stored and
 * shown but not enforced (a page in a browser has no network to restrict).
 */
import {
  Checkbox,
  FormGroup,
  InlineNotification,
  NumberInput,
  Select,
  SelectItem,
  Stack,
  TextArea,
  Toggle,
} from '@carbon/react';
import { ALLOWED_IP_MAX } from '../../../domain/instance-policies';
import { ROTATION_INTERVAL_MAX, ROTATION_INTERVAL_MIN } from '../../../domain/rotation';
import {
  ALLOWED_NETWORKS,
  type AllowedNetwork,
  type InstancePolicies,
  type InstancePolicyStamp,
  type KeyCreateImportAccess,
} from '../../../domain/types';
import { DateTime } from '../../../components/date-time';
import type { DraftProblems, PolicyDraft } from '../policy-draft';

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

const NETWORK_LABELS: Record<AllowedNetwork, string> = {
  'public-and-private': 'Public and private (default)',
  'private-only': 'Private only',
};

export interface SectionProps {
  draft: PolicyDraft;
  saved: InstancePolicies;
  problems: DraftProblems;
  readOnly: boolean;
  onChange: (draft: PolicyDraft) => void;
}

/** Who set the policy and when, as the engine recorded it. */
function Stamp({ stamp }: { stamp: InstancePolicyStamp }) {
  return (
    <p className="kw-settings-stamp">
      {stamp.lastUpdated ? (
        <>
          Last set by {stamp.updatedBy} on <DateTime iso={stamp.lastUpdated} />
          {stamp.creationDate && stamp.creationDate !== stamp.lastUpdated && (
            <>
              {' '}
              (first by {stamp.createdBy} on <DateTime iso={stamp.creationDate} />)
            </>
          )}
          .
        </>
      ) : (
        'Never set: Key Protect’s default.'
      )}
    </p>
  );
}

export function PolicySections({ draft, saved, problems, readOnly, onChange }: SectionProps) {
  const p = draft.policies;
  const set = <K extends keyof InstancePolicies>(type: K, value: InstancePolicies[K]) =>
    onChange({ ...draft, policies: { ...p, [type]: { ...p[type], ...value } } });
  const setAccess = (flag: keyof KeyCreateImportAccess, value: boolean) =>
    set('keyCreateImportAccess', {
      ...p.keyCreateImportAccess,
      attributes: { ...p.keyCreateImportAccess.attributes, [flag]: value },
    });

  return (
    <>
      <FormGroup legendText="Dual authorization for deletion (dualAuthDelete)">
        <Toggle
          id="policy-dual-auth"
          labelText="Default for new keys"
          labelA="Off"
          labelB="On"
          toggled={p.dualAuthDelete.enabled}
          disabled={readOnly}
          onToggle={(enabled) => set('dualAuthDelete', { enabled })}
        />
        <p className="kw-settings-help">
          When on, deleting a key created afterwards needs two different users: one schedules,
          another deletes.
        </p>
        <Stamp stamp={saved.dualAuthDelete} />
      </FormGroup>

      <FormGroup legendText="Automatic rotation (rotation)">
        <Stack gap={5}>
          <Toggle
            id="policy-rotation"
            labelText="Default for new generated root keys"
            labelA="Off"
            labelB="On"
            toggled={p.rotation.enabled}
            disabled={readOnly}
            onToggle={(enabled) => set('rotation', { ...p.rotation, enabled })}
          />
          <NumberInput
            id="policy-rotation-interval"
            label="Rotate every (months)"
            // Carbon greys out a disabled field's helper text below contrast: none while disabled.
            helperText={
              readOnly || !p.rotation.enabled
                ? undefined
                : `${ROTATION_INTERVAL_MIN}–${ROTATION_INTERVAL_MAX} months of 30 days.`
            }
            min={ROTATION_INTERVAL_MIN}
            max={ROTATION_INTERVAL_MAX}
            value={p.rotation.attributes.interval_month}
            disabled={readOnly || !p.rotation.enabled}
            invalid={problems.interval !== undefined}
            invalidText={problems.interval}
            onChange={(_event, { value }) =>
              set('rotation', {
                ...p.rotation,
                attributes: { interval_month: Number(value) },
              })
            }
          />
          <Stamp stamp={saved.rotation} />
        </Stack>
      </FormGroup>

      <FormGroup legendText="Key create and import access (keyCreateImportAccess)">
        <Stack gap={4}>
          <Toggle
            id="policy-create-import"
            labelText="Restrict how keys are created and imported"
            labelA="Off: everything allowed"
            labelB="On"
            toggled={p.keyCreateImportAccess.enabled}
            disabled={readOnly}
            onToggle={(enabled) =>
              set('keyCreateImportAccess', { ...p.keyCreateImportAccess, enabled })
            }
          />
          {ACCESS_LABELS.map(([flag, label, help]) => (
            <Checkbox
              key={flag}
              id={`policy-${flag}`}
              labelText={label}
              helperText={help}
              checked={p.keyCreateImportAccess.attributes[flag]}
              disabled={readOnly || !p.keyCreateImportAccess.enabled}
              onChange={(_event, { checked }) => setAccess(flag, checked)}
            />
          ))}
          <Stamp stamp={saved.keyCreateImportAccess} />
        </Stack>
      </FormGroup>

      <FormGroup legendText="Network access">
        <Stack gap={5}>
          <InlineNotification
            kind="info"
            title="Stored and shown, not enforced"
            subtitle="A page in a browser has no network to restrict: Keyward keeps these Key Protect policies and checks their values, but every call goes through whatever its network or address. In Key Protect they limit which endpoints and addresses reach the instance."
            lowContrast
            hideCloseButton
          />
          <Toggle
            id="policy-allowed-network"
            labelText="Allowed network (allowedNetwork)"
            labelA="Off"
            labelB="On"
            toggled={p.allowedNetwork.enabled}
            disabled={readOnly}
            onToggle={(enabled) => set('allowedNetwork', { ...p.allowedNetwork, enabled })}
          />
          <Select
            id="policy-allowed-network-value"
            labelText="Endpoints that may reach the instance"
            value={p.allowedNetwork.attributes.allowed_network}
            disabled={readOnly || !p.allowedNetwork.enabled}
            onChange={(event) =>
              set('allowedNetwork', {
                ...p.allowedNetwork,
                attributes: { allowed_network: event.target.value as AllowedNetwork },
              })
            }
          >
            {ALLOWED_NETWORKS.map((n) => (
              <SelectItem key={n} value={n} text={NETWORK_LABELS[n]} />
            ))}
          </Select>
          <Stamp stamp={saved.allowedNetwork} />
          <Toggle
            id="policy-allowed-ip"
            labelText="Allowed IP addresses (allowedIP)"
            labelA="Off"
            labelB="On"
            toggled={p.allowedIP.enabled}
            disabled={readOnly}
            onToggle={(enabled) => set('allowedIP', { ...p.allowedIP, enabled })}
          />
          <TextArea
            id="policy-allowed-ip-list"
            labelText="Subnets allowed (CIDR, one a line)"
            helperText={
              readOnly || !p.allowedIP.enabled
                ? undefined
                : `IPv4 or IPv6 with a prefix length, e.g. 203.0.113.0/24 or 2001:db8::/32; 1–${ALLOWED_IP_MAX.toLocaleString('en')} subnets.`
            }
            rows={4}
            value={draft.allowedIpText}
            disabled={readOnly || !p.allowedIP.enabled}
            invalid={problems.allowedIp !== undefined}
            invalidText={problems.allowedIp}
            onChange={(event) => onChange({ ...draft, allowedIpText: event.target.value })}
          />
          <Stamp stamp={saved.allowedIP} />
        </Stack>
      </FormGroup>

      <FormGroup legendText="Metrics (metrics)">
        <Toggle
          id="policy-metrics"
          labelText="Send operational metrics"
          labelA="Off"
          labelB="On"
          toggled={p.metrics.enabled}
          disabled={readOnly}
          onToggle={(enabled) => set('metrics', { enabled })}
        />
        <p className="kw-settings-help">
          Stored and shown, not acted on: Keyward has no monitoring service to send metrics to (its
          dashboard is always there). In Key Protect this sends metrics to IBM Cloud Monitoring.
        </p>
        <Stamp stamp={saved.metrics} />
      </FormGroup>
    </>
  );
}
