/**
 * The create-bucket form: name (checked as typed with the engine's rule), optional retention,
 * and encryption. A customer-managed bucket picks one of the root keys the storage instance is
 * authorized to use; where there are none, the form says why and links to the authorization
 * wizard.
 */
import {
  Checkbox,
  InlineNotification,
  Modal,
  NumberInput,
  RadioButton,
  RadioButtonGroup,
  TextInput,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CallContext } from '../../../domain/api';
import { KeyState } from '../../../domain/key-state';
import { bucketNameProblem, retentionProblem } from '../../../domain/storage';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import { useNotify } from '../../../components/notifications';
import { useCreateBucket } from '../api/create-bucket';
import { BucketKeyPicker } from './bucket-key-picker';
import { engineQuery } from '../../../client/engine-query';

export function CreateBucketModal({ ctx, onClose }: { ctx: CallContext; onClose: () => void }) {
  const navigate = useNavigate();
  const notify = useNotify();
  const create = useCreateBucket(ctx);
  const keys = useQuery(engineQuery('listEncryptionKeys', ctx));
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  // Typing the name marks the form touched; the key's absence is said only after a submit.
  const [keyTouched, setKeyTouched] = useState(false);
  const [retain, setRetain] = useState(false);
  const [retentionDays, setRetentionDays] = useState(30);
  const [encryption, setEncryption] = useState<'provider' | 'customer'>('provider');
  const [keyCrn, setKeyCrn] = useState('');
  const [keyInstance, setKeyInstance] = useState<string | null>(null);

  const nameProblem = bucketNameProblem(name);
  const retentionIssue = retain ? retentionProblem(retentionDays) : undefined;
  const usable = (keys.data?.keys ?? []).filter((k) => k.state === KeyState.Active);
  // One instance offering keys: it is the instance. The key itself is never chosen for the user.
  const offering = new Set(usable.map((k) => k.instanceId));
  const instanceId = keyInstance ?? (offering.size === 1 ? [...offering][0] : '') ?? '';
  const chosenKey = usable.find((k) => k.keyCrn === keyCrn && k.instanceId === instanceId);
  const keyMissing = encryption === 'customer' && !chosenKey;
  const invalid = !!nameProblem || !!retentionIssue || keyMissing;

  const submit = () => {
    setTouched(true);
    setKeyTouched(true);
    if (invalid) return;
    create.mutate(
      {
        name,
        ...(retain ? { retentionDays } : {}),
        encryption:
          encryption === 'customer' && chosenKey
            ? { type: 'customer', keyCrn: chosenKey.keyCrn }
            : { type: 'provider' },
      },
      {
        onSuccess: (bucket) => {
          notify({ kind: 'success', title: 'Bucket created', subtitle: bucket.name });
          onClose();
          void navigate(`/buckets/${encodeURIComponent(bucket.name)}`);
        },
      },
    );
  };

  return (
    <Modal
      open
      modalHeading="Create bucket"
      primaryButtonText={create.isPending ? 'Creating…' : 'Create bucket'}
      secondaryButtonText="Cancel"
      primaryButtonDisabled={create.isPending || (touched && (!!nameProblem || !!retentionIssue))}
      onRequestClose={onClose}
      onRequestSubmit={submit}
      size="md"
    >
      <div className="kw-modal-fields">
        <TextInput
          id="bucket-name"
          labelText="Bucket name"
          helperText="3–63 lowercase letters, digits, “-” and “.”; starts and ends with a letter or digit; unique in the account."
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setTouched(true);
          }}
          invalid={touched && !!nameProblem}
          invalidText={nameProblem ? `${capitalize(nameProblem)}.` : undefined}
          data-modal-primary-focus
        />
        <div>
          <Checkbox
            id="bucket-retain"
            labelText="Retention (object lock): objects cannot be deleted before it ends"
            checked={retain}
            onChange={(_, { checked }) => setRetain(checked)}
          />
          {retain && (
            <NumberInput
              id="bucket-retention"
              label="Retention period (days)"
              min={1}
              max={36500}
              value={retentionDays}
              onChange={(_, { value }) => setRetentionDays(Number(value))}
              invalid={!!retentionIssue}
              invalidText={retentionIssue ? `${capitalize(retentionIssue)}.` : undefined}
              helperText="The bucket's registration then prevents deleting its key."
            />
          )}
        </div>
        <RadioButtonGroup
          legendText="Encryption"
          name="bucket-encryption"
          orientation="vertical"
          valueSelected={encryption}
          onChange={(value) => setEncryption(value === 'customer' ? 'customer' : 'provider')}
        >
          <RadioButton
            id="enc-provider"
            value="provider"
            labelText="Provider-managed: the storage service's own key"
          />
          <RadioButton
            id="enc-customer"
            value="customer"
            labelText="Customer-managed: a root key of Key Protect (envelope encryption)"
          />
        </RadioButtonGroup>
        {encryption === 'customer' &&
          (keys.isPending ? (
            <p>Loading the keys this storage instance may use…</p>
          ) : keys.isError ? (
            <FailureNotice failure={errorMessage(keys.error)} />
          ) : usable.length === 0 ? (
            <div>
              <InlineNotification
                kind="warning"
                hideCloseButton
                lowContrast
                title="No root key is available to this storage instance"
                subtitle="Object storage can use a root key only after an Administrator authorizes it (a service authorization with the Reader role on the key, its ring or its instance), and only while the key is enabled."
              />
              <p>
                <Link to="/authorizations/new">Open the authorization wizard</Link>
              </p>
            </div>
          ) : (
            <BucketKeyPicker
              keys={usable}
              instanceId={instanceId}
              keyCrn={keyCrn}
              showMissing={keyTouched && keyMissing}
              onInstance={setKeyInstance}
              onKey={setKeyCrn}
            />
          ))}
        <FailureNotice failure={create.isError ? errorMessage(create.error) : null} />
      </div>
    </Modal>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
