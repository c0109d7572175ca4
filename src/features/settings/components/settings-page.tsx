/**
 * Settings (`/settings`): the instance's policies, Key Protect's six. The dual-authorization and
 * rotation defaults that keys created afterwards take, which keys may be created or imported and
 * how, and the network and metrics policies (stored and shown, not enforced). Anyone with a role
 * in the instance sees them; only a Manager may change them (the controls say why they are
 * read-only). Saving sends only the policies changed, each whole; the engine validates and
 * enforces every value. Below them, which engine the console uses: its own or a Keyward server
 * (./server-section.tsx).
 */
import { Button, InlineNotification, SkeletonText, Stack } from '@carbon/react';
import { useState } from 'react';
import type { InstancePolicies, Permission } from '../../../domain/types';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { usePutInstancePolicies } from '../api/put-instance-policies';
import '../settings.scss';
import { FailureNotice } from '../../../components/failure-notice';
import { useInstancePolicies, usePermissions } from '../../../client/shared-reads';
import { draftOf, draftProblems, updateOf } from '../policy-draft';
import { PolicySections } from './policy-sections';
import { ServerSection } from './server-section';

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
      <ServerSection />
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
  const [draft, setDraft] = useState(() => draftOf(saved));
  const put = usePutInstancePolicies();
  const notify = useNotify();
  const readOnly = !permission?.allowed;
  const problems = draftProblems(draft);
  const invalid = Object.keys(problems).length > 0;
  const update = updateOf(draft, saved);
  const changed = Object.keys(update).length > 0;
  const failure = put.error ? errorMessage(put.error) : undefined;

  return (
    <form
      className="kw-settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (invalid || readOnly || !changed) return;
        put.mutate(update, {
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
        <PolicySections
          draft={draft}
          saved={saved}
          problems={problems}
          readOnly={readOnly}
          onChange={setDraft}
        />
        <FailureNotice failure={failure} />
        <div className="kw-settings-actions">
          <Button
            kind="secondary"
            disabled={!changed || put.isPending}
            onClick={() => {
              setDraft(draftOf(saved));
              put.reset();
            }}
          >
            Discard changes
          </Button>
          <GatedButton
            type="submit"
            permission={permission}
            error={permissionError}
            disabled={!changed || invalid || put.isPending}
          >
            {put.isPending ? 'Saving…' : 'Save settings'}
          </GatedButton>
        </div>
      </Stack>
    </form>
  );
}
