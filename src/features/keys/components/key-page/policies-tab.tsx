/**
 * The key's policies (SPEC.md sections 4, 5 and 7; Manager): the rotation policy of generated root
 * keys and dual authorization for deletion, each in its own section. Other roles see what the key's
 * metadata tells, read-only, with the reason.
 */
import { InlineNotification } from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { KeyState } from '../../../../domain/key-state';
import type { Key, Permissions } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { failureMessage } from '../../../../components/failure-message';
import { engineQuery } from '../../../../client/engine-query';
import { RotationSection } from './rotation-policy-section';
import { DualAuthSection } from './dual-auth-section';

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
