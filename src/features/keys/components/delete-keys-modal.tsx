/**
 * Deleting keys from the keys table: a danger modal that names every key, lists the resources
 * each still protects, offers force where SPEC allows it, and asks the user to type the key's
 * name (or, for several keys, "delete N keys") before anything happens.
 */
import { Checkbox, InlineNotification } from '@carbon/react';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import type { Key } from '../../../domain/types';
import { useCallContext } from '../../../client/call-context';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import type { KeyActionsResult } from '../api/run-key-actions';
import { engineQuery } from '../../../client/engine-query';

interface DeleteKeysModalProps {
  keys: Key[];
  pending: boolean;
  onConfirm: (force: boolean) => Promise<KeyActionsResult>;
  onClose: () => void;
}

export function DeleteKeysModal({ keys, pending, onConfirm, onClose }: DeleteKeysModalProps) {
  const ctx = useCallContext();
  const [force, setForce] = useState(false);
  const [refused, setRefused] = useState<KeyActionsResult['refused']>([]);
  const registrations = useQueries({
    queries: keys.map((k) => engineQuery('getRegistrations', ctx, k.id)),
  });
  const protectedResources = keys.flatMap((k, i) =>
    (registrations[i]?.data?.registrations ?? []).map((r) => ({ key: k, ...r })),
  );
  const preventing = protectedResources.filter((r) => r.preventKeyDeletion);
  const single = keys.length === 1 ? keys[0] : undefined;
  const confirmText = single ? single.name : `delete ${keys.length} keys`;

  return (
    <TypedConfirmModal
      open={keys.length > 0}
      heading={single ? `Delete key “${single.name}”` : `Delete ${keys.length} keys`}
      name={confirmText}
      nameLabel={single ? 'key name' : 'phrase'}
      primaryButtonText={single ? 'Delete key' : `Delete ${keys.length} keys`}
      pendingText="Deleting…"
      pending={pending}
      failure={
        refused.length > 0
          ? {
              title: `${refused.length} not deleted`,
              detail: 'The engine refused:',
              reasons: refused.map((r) => `${r.key.name}: ${r.reason}`),
            }
          : undefined
      }
      onConfirm={() => {
        void onConfirm(force).then((result) => {
          if (result.refused.length > 0) setRefused(result.refused);
          else onClose();
        });
      }}
      onClose={() => {
        setRefused([]);
        setForce(false);
        onClose();
      }}
    >
      <p>
        Deleted keys can no longer wrap or unwrap: everything they protect becomes unreadable. A
        Manager can restore a deleted key within 30 days; from 4 hours after deletion it can be
        purged, and after 90 days it is purged automatically.
      </p>
      <ul className="kw-delete-list">
        {keys.map((k) => (
          <li key={k.id}>
            <strong>{k.name}</strong> <span className="kw-mono">{k.id}</span>
          </li>
        ))}
      </ul>
      {protectedResources.length > 0 && (
        <InlineNotification
          kind="warning"
          lowContrast
          hideCloseButton
          title={`${protectedResources.length} associated resource(s)`}
          subtitle="These keys still protect registered resources; deleting shreds their data."
        >
          <ul className="kw-delete-list">
            {protectedResources.map((r) => (
              <li key={`${r.key.id}/${r.resourceCrn}`} className="kw-mono">
                {r.resourceCrn}
                {r.preventKeyDeletion ? ' (retention: prevents deletion)' : ''}
              </li>
            ))}
          </ul>
        </InlineNotification>
      )}
      {protectedResources.length > preventing.length && (
        <Checkbox
          id="delete-force"
          labelText="Force: delete even though resources depend on these keys"
          checked={force}
          onChange={(_, { checked }) => setForce(checked)}
        />
      )}
      {preventing.length > 0 && (
        <p>
          Resources under a retention policy prevent deletion of their key, even with force; those
          keys will be refused.
        </p>
      )}
    </TypedConfirmModal>
  );
}
