/**
 * Encrypted backup and restore (SPEC section 14): export the whole account to a file encrypted
 * under a passphrase, and restore one into this browser profile. A refused file (wrong
 * passphrase, damaged, incomplete, from a newer Keyward) is explained and changes nothing; a
 * restore says what came back and what must be done (Hyper Protect master keys to load again).
 */
import { InlineLoading, InlineNotification } from '@carbon/react';
import { useState } from 'react';
import { BACKUP_LIMITS, type RestoreSummary } from '../../../domain/presenter';
import { errorMessage } from '../../../client/error-message';
import { GatedButton } from '../../../components/gated-button';
import { useNotify } from '../../../components/notifications';
import { holdsText } from './checkpoints-section';
import { useLastResult } from '../api/last-result';
import {
  downloadBytes,
  useExportBackup,
  usePresenterPermission,
  useRestoreBackup,
} from '../api/presenter-calls';
import { FilePicker, PasswordField } from '../../../components/secret-fields';

export function BackupSection() {
  const permission = usePresenterPermission('export or restore backups (a backup holds every key)');
  const exporting = useExportBackup();
  const restoring = useRestoreBackup();
  const notify = useNotify();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | undefined>();
  const [restorePassphrase, setRestorePassphrase] = useState('');
  const [restored, setRestored] = useLastResult<RestoreSummary>('backup-restore');
  const disabled = !permission?.allowed;

  const passphraseProblem =
    passphrase.length < BACKUP_LIMITS.passphraseMin
      ? `Use at least ${BACKUP_LIMITS.passphraseMin} characters; a few words are easy to remember.`
      : undefined;
  const againProblem = again !== passphrase ? 'Type the same passphrase again.' : undefined;

  return (
    <section aria-labelledby="kw-backup-title">
      <h2 id="kw-backup-title" className="kw-section-title">
        Backup
      </h2>
      <p className="kw-demo-intro">
        The file holds every key of the account, encrypted under your passphrase (PBKDF2-SHA-256,
        600,000 iterations, AES-256-GCM; the format is documented in docs/backup-format.md). Without
        the passphrase nobody can open it — keep both safe.
      </p>
      <div className="kw-backup-columns">
        <form
          className="kw-backup-form"
          aria-label="Export a backup"
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (passphraseProblem || againProblem) return;
            exporting.mutate(passphrase, {
              onSuccess: (bytes) => {
                const day = new Date().toISOString().slice(0, 10);
                downloadBytes(`keyward-backup-${day}.kwbackup`, bytes, 'application/octet-stream');
                setPassphrase('');
                setAgain('');
                setTried(false);
                notify({
                  kind: 'success',
                  title: 'Backup exported',
                  subtitle: `${Math.round(bytes.byteLength / 1024)} KiB, encrypted under your passphrase.`,
                });
              },
            });
          }}
        >
          <h3 className="kw-scenario-title">Export</h3>
          <PasswordField
            id="kw-backup-passphrase"
            label="Passphrase"
            purpose="new"
            disabled={disabled}
            value={passphrase}
            problem={passphraseProblem}
            showProblem={tried}
            onChange={setPassphrase}
          />
          <PasswordField
            id="kw-backup-passphrase-again"
            label="Passphrase again"
            purpose="new"
            disabled={disabled}
            value={again}
            problem={againProblem}
            showProblem={tried}
            onChange={setAgain}
          />
          {exporting.isPending ? (
            <InlineLoading description="Deriving the key from the passphrase and encrypting the account…" />
          ) : (
            <GatedButton permission={permission} type="submit">
              Export backup
            </GatedButton>
          )}
          {exporting.error && (
            <InlineNotification
              kind="error"
              lowContrast
              hideCloseButton
              title={errorMessage(exporting.error).title}
              subtitle={errorMessage(exporting.error).detail}
            />
          )}
        </form>
        <form
          className="kw-backup-form"
          aria-label="Restore a backup"
          onSubmit={(event) => {
            event.preventDefault();
            if (!file || restorePassphrase.length === 0) return;
            setRestored(undefined);
            restoring.mutate(
              { file: file.bytes, passphrase: restorePassphrase },
              {
                onSuccess: (summary) => {
                  setRestored(summary);
                  setRestorePassphrase('');
                  notify({
                    kind: 'success',
                    title: 'Backup restored',
                    subtitle: holdsText(summary),
                  });
                },
              },
            );
          }}
        >
          <h3 className="kw-scenario-title">Restore</h3>
          <div className="kw-backup-file">
            <FilePicker
              label="Choose backup file"
              accept=".kwbackup,application/octet-stream"
              disabled={disabled}
              fileName={file?.name ?? ''}
              testId="backup-file-name"
              onFile={(chosen) =>
                void chosen.arrayBuffer().then((bytes) => setFile({ name: chosen.name, bytes }))
              }
            />
          </div>
          <PasswordField
            id="kw-restore-passphrase"
            label="Passphrase of the backup"
            purpose="existing"
            disabled={disabled}
            value={restorePassphrase}
            onChange={setRestorePassphrase}
          />
          <p className="kw-demo-help">
            Restoring replaces this whole account with the backup’s. Checkpoints in this browser are
            kept.
          </p>
          {restoring.isPending ? (
            <InlineLoading description="Checking the passphrase and decrypting the backup…" />
          ) : (
            <GatedButton
              permission={permission}
              type="submit"
              kind="danger"
              disabled={!file || restorePassphrase.length === 0}
            >
              Restore backup
            </GatedButton>
          )}
          {restoring.error && (
            <InlineNotification
              kind="error"
              lowContrast
              hideCloseButton
              title={errorMessage(restoring.error).title}
              subtitle={errorMessage(restoring.error).detail}
            />
          )}
          {restored && (
            <InlineNotification
              kind="success"
              lowContrast
              title="Backup restored"
              subtitle={holdsText(restored)}
              onClose={() => setRestored(undefined)}
            >
              <ul className="kw-demo-notes">
                {restored.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </InlineNotification>
          )}
        </form>
      </div>
    </section>
  );
}
