/**
 * Rotating an imported root key: Keyward cannot make its new material, so the user brings it, by
 * the same two routes as import (plain, or encrypted under an import token).
 */
import { Modal, Stack } from '@carbon/react';
import { useState } from 'react';
import type { Key } from '../../../../domain/types';
import { failureMessage } from '../../../../components/failure-message';
import { useRotateKey } from '../../api/rotate-key';
import { ImportMaterialFields } from '../import/import-material-fields';
import {
  draftProblems,
  draftRequest,
  EMPTY_DRAFT,
  type MaterialDraft,
} from '../import/material-draft';
import { FailureNotice } from '../../../../components/failure-notice';
import { useInstancePolicies } from '../../../../client/shared-reads';
import { createImportAccessOf } from '../../../../domain/instance-policies';

interface RotateImportedModalProps {
  open: boolean;
  keyData: Key;
  onClose: () => void;
  onRotated: (key: Key) => void;
}

export function RotateImportedModal({
  open,
  keyData,
  onClose,
  onRotated,
}: RotateImportedModalProps) {
  const [draft, setDraft] = useState<MaterialDraft>(EMPTY_DRAFT);
  const [submitted, setSubmitted] = useState(false);
  const rotate = useRotateKey();
  const policies = useInstancePolicies({ enabled: open });
  const problems = draftProblems(draft, false);
  const failure = rotate.error ? failureMessage(rotate.error) : undefined;

  function close() {
    setDraft(EMPTY_DRAFT);
    setSubmitted(false);
    rotate.reset();
    onClose();
  }

  return (
    <Modal
      open={open}
      modalHeading={`Rotate “${keyData.name}” with new material`}
      primaryButtonText={rotate.isPending ? 'Rotating…' : 'Rotate key'}
      primaryButtonDisabled={rotate.isPending}
      secondaryButtonText="Cancel"
      onRequestClose={close}
      onRequestSubmit={() => {
        setSubmitted(true);
        if (Object.keys(problems).length > 0) return;
        rotate.mutate(
          { idOrAlias: keyData.id, req: draftRequest(draft) },
          {
            onSuccess: (next) => {
              close();
              onRotated(next);
            },
          },
        );
      }}
      shouldSubmitOnEnter={false}
      size="lg"
    >
      <Stack gap={6}>
        <p>
          This key was imported, so its new version needs new key material from you: 16, 24 or 32
          bytes. Ciphertexts of older versions still unwrap.
        </p>
        <ImportMaterialFields
          extractable={false}
          draft={draft}
          onChange={setDraft}
          showAll={submitted}
          enforceToken={policies.data && createImportAccessOf(policies.data).enforce_token}
        />
        <FailureNotice failure={failure} />
      </Stack>
    </Modal>
  );
}
