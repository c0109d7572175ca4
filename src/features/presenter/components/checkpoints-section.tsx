/**
 * Checkpoints and reset (SPEC section 16): save the account under a name, list what each
 * checkpoint holds and when it was saved, restore or delete one, reset to a fresh demo account.
 */
import { Button, InlineNotification, Modal, TextInput } from '@carbon/react';
import { useState } from 'react';
import type { AccountSummary, CheckpointInfo } from '../../../domain/presenter';
import { BACKUP_LIMITS } from '../../../domain/presenter';
import { errorMessage } from '../../../client/error-message';
import { DataTable } from '../../../components/data-table';
import { DateTime } from '../../../components/date-time';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import {
  useCheckpoints,
  useDeleteCheckpoint,
  usePresenterPermission,
  useResetAccount,
  useRestoreCheckpoint,
  useSaveCheckpoint,
} from '../api/presenter-calls';

export function holdsText(s: AccountSummary): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  return [
    n(s.keys, 'key'),
    n(s.buckets, 'bucket'),
    n(s.objects, 'object'),
    n(s.events, 'event'),
  ].join(' · ');
}

export function CheckpointsSection() {
  const permission = usePresenterPermission('save or restore checkpoints');
  const checkpoints = useCheckpoints(permission?.allowed === true);
  const save = useSaveCheckpoint();
  const restore = useRestoreCheckpoint();
  const remove = useDeleteCheckpoint();
  const reset = useResetAccount();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [restoring, setRestoring] = useState<CheckpointInfo | undefined>();
  const [resetting, setResetting] = useState(false);
  const nameProblem =
    name.trim().length === 0
      ? 'Give the checkpoint a name, such as “Before the demo”.'
      : name.trim().length > BACKUP_LIMITS.checkpointNameMax
        ? `Use at most ${BACKUP_LIMITS.checkpointNameMax} characters.`
        : undefined;
  const list = checkpoints.data?.checkpoints ?? [];

  return (
    <section aria-labelledby="kw-checkpoints-title">
      <h2 id="kw-checkpoints-title" className="kw-section-title">
        Checkpoints
      </h2>
      <p className="kw-demo-intro">
        A checkpoint saves the whole account in this browser; restoring it puts every key, bucket,
        object and event back as they were (the demo clock stays where it is). Restores are
        recorded.
      </p>
      <form
        className="kw-checkpoint-form"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (nameProblem) return;
          save.mutate(name.trim(), {
            onSuccess: (saved) => {
              setName('');
              setTouched(false);
              notify({
                kind: 'success',
                title: `Saved “${saved.name}”`,
                subtitle: holdsText(saved.summary),
              });
            },
            onError: (error) => notify({ kind: 'error', ...toNotice(error) }),
          });
        }}
      >
        <TextInput
          id="kw-checkpoint-name"
          labelText="Checkpoint name"
          value={name}
          disabled={!permission?.allowed}
          invalid={touched && nameProblem !== undefined}
          invalidText={nameProblem}
          onChange={(event) => setName(event.target.value)}
        />
        <GatedButton permission={permission} type="submit" size="md" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save checkpoint'}
        </GatedButton>
      </form>
      {checkpoints.error && (
        <InlineNotification
          kind="error"
          lowContrast
          hideCloseButton
          {...toNotice(checkpoints.error)}
        />
      )}
      {permission?.allowed && (
        <DataTable
          title="Saved checkpoints"
          description={`${list.length} in this browser`}
          aria-label="Saved checkpoints"
          rows={list}
          rowKey={(c) => c.id}
          rowProps={(c) => ({ 'data-testid': `checkpoint-${c.name}` })}
          columns={[
            { key: 'name', header: 'Name', cell: (c) => c.name },
            {
              key: 'createdAt',
              header: 'Saved',
              cell: (c) => (
                <>
                  <DateTime iso={c.createdAt} /> by {c.createdBy}
                </>
              ),
            },
            { key: 'holds', header: 'Holds', cell: (c) => holdsText(c.summary) },
            {
              key: 'actions',
              header: 'Actions',
              cell: (c) => (
                <>
                  <Button kind="ghost" size="sm" onClick={() => setRestoring(c)}>
                    Restore
                  </Button>
                  <Button
                    kind="ghost"
                    size="sm"
                    disabled={remove.isPending}
                    onClick={() =>
                      remove.mutate(c.id, {
                        onError: (error) => notify({ kind: 'error', ...toNotice(error) }),
                      })
                    }
                  >
                    Delete
                  </Button>
                </>
              ),
            },
          ]}
        />
      )}
      <div className="kw-demo-reset">
        <GatedButton
          permission={permission}
          kind="danger--tertiary"
          onClick={() => setResetting(true)}
        >
          Reset to a fresh demo account
        </GatedButton>
      </div>
      <Modal
        open={restoring !== undefined}
        modalHeading={restoring ? `Restore “${restoring.name}”?` : ''}
        primaryButtonText={restore.isPending ? 'Restoring…' : 'Restore checkpoint'}
        primaryButtonDisabled={restore.isPending}
        secondaryButtonText="Cancel"
        onRequestClose={() => setRestoring(undefined)}
        onRequestSubmit={() => {
          if (!restoring) return;
          restore.mutate(restoring.id, {
            onSuccess: (summary) => {
              notify({
                kind: 'success',
                title: `Restored “${restoring.name}”`,
                subtitle: holdsText(summary),
              });
              setRestoring(undefined);
            },
          });
        }}
      >
        <p>
          Everything done since the checkpoint was saved is replaced by what it holds:{' '}
          {restoring ? holdsText(restoring.summary) : ''}.
        </p>
        {restore.error && (
          <InlineNotification
            kind="error"
            lowContrast
            hideCloseButton
            {...toNotice(restore.error)}
          />
        )}
      </Modal>
      <TypedConfirmModal
        open={resetting}
        heading="Reset to a fresh demo account?"
        name="reset"
        nameLabel="word"
        primaryButtonText="Reset account"
        pendingText="Resetting…"
        pending={reset.isPending}
        failure={reset.error ? failureOf(reset.error) : undefined}
        onClose={() => setResetting(false)}
        onConfirm={() =>
          reset.mutate(undefined, {
            onSuccess: () => {
              setResetting(false);
              notify({
                kind: 'success',
                title: 'The account was reset',
                subtitle: 'Checkpoints are kept.',
              });
            },
          })
        }
      >
        <p>
          Every key, bucket, object, user and event of this account is replaced by a fresh demo
          account. Checkpoints in this browser are kept.
        </p>
      </TypedConfirmModal>
    </section>
  );
}

function toNotice(error: unknown): { title: string; subtitle: string } {
  const m = errorMessage(error);
  return { title: m.title, subtitle: m.detail };
}

function failureOf(error: unknown): { title: string; detail: string } {
  const m = errorMessage(error);
  return { title: m.title, detail: m.detail };
}
