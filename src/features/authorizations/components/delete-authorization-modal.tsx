/**
 * Delete a service authorization. Where buckets depend on it, the modal names them and the button
 * says they will lose access; only then is the deletion forced. If a bucket started depending on
 * it meanwhile, the engine's refusal names it and the modal asks again.
 */
import { InlineNotification } from '@carbon/react';
import { EngineError } from '../../../domain/errors';
import type { ServiceAuthorization, ServiceInstance } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { FormModal } from '../../../components/form-modal';
import { useDeleteAuthorization } from '../api/delete-authorization';
import { instanceLabel, scopeText } from '../describe';
import { plural, agree } from '../../../components/format';

interface DeleteAuthorizationModalProps {
  authorization: ServiceAuthorization;
  dependents: string[];
  instances: readonly ServiceInstance[];
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteAuthorizationModal({
  authorization,
  dependents,
  instances,
  onClose,
  onDeleted,
}: DeleteAuthorizationModalProps) {
  const remove = useDeleteAuthorization();
  const refusedFor =
    remove.error instanceof EngineError && remove.error.code === 'PROTECTED_RESOURCE_ERR'
      ? (remove.error.reasons ?? [])
      : [];
  const buckets = [...new Set([...dependents, ...refusedFor])];
  const source = instanceLabel(authorization.sourceInstanceId, instances);
  const target = instanceLabel(authorization.targetInstanceId, instances);
  const otherFailure =
    remove.error && refusedFor.length === 0 ? errorMessage(remove.error) : undefined;

  return (
    <FormModal
      danger
      heading="Delete authorization"
      action={
        buckets.length > 0
          ? `Delete; ${plural(buckets.length, 'bucket')} ${agree(buckets.length, 'loses', 'lose')} access`
          : 'Delete authorization'
      }
      pendingAction="Deleting…"
      pending={remove.isPending}
      failure={otherFailure}
      onClose={onClose}
      onSubmit={() =>
        remove.mutate({ id: authorization.id, force: buckets.length > 0 }, { onSuccess: onDeleted })
      }
    >
      <p>
        {source} will no longer be able to use {scopeText(authorization).toLowerCase()} of {target}.
      </p>
      {buckets.length > 0 && (
        <InlineNotification
          kind="warning"
          title={`${plural(buckets.length, 'bucket')} ${agree(buckets.length, 'depends', 'depend')} on it`}
          subtitle="They lose access to their key: nothing in them can be read or written until an authorization covers the key again."
          hideCloseButton
          lowContrast
        >
          <ul className="kw-confirm-reasons" aria-label="Buckets that lose access">
            {buckets.map((b) => (
              <li key={b} className="kw-mono">
                {b}
              </li>
            ))}
          </ul>
        </InlineNotification>
      )}
    </FormModal>
  );
}
