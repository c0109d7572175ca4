/**
 * Demo (`/demo`): the presenter kit (SPEC section 16) and the account backup (section 14):
 * load a scenario, save and restore checkpoints, reset, export and restore an encrypted backup.
 * Everything here replaces or exports the whole account: an account Administrator's action; the
 * controls say so to everyone else, and the engine refuses anyway.
 */
import { InlineNotification, Stack } from '@carbon/react';
import { usePresenterPermission } from '../api/presenter-calls';
import { BackupSection } from './backup-section';
import { CheckpointsSection } from './checkpoints-section';
import { ScenariosSection } from './scenarios-section';
import '../presenter.scss';

export function Component() {
  const permission = usePresenterPermission('use the presenter kit');
  return (
    <>
      <h1 className="kw-page-title">Demo</h1>
      <p className="kw-demo-intro">
        Prepare and rehearse a walkthrough: load a scenario (it replaces the account and starts its
        guided walkthrough), save checkpoints to come back to, and keep an encrypted backup of the
        whole account.
      </p>
      {permission && !permission.allowed && (
        <InlineNotification
          kind="info"
          lowContrast
          hideCloseButton
          title="Administrators only"
          subtitle={permission.reason ?? ''}
        />
      )}
      <Stack gap={9} className="kw-demo-sections">
        <ScenariosSection />
        <CheckpointsSection />
        <BackupSection />
      </Stack>
    </>
  );
}
