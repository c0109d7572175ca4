/**
 * A Hyper Protect Crypto Services instance (SPEC section 11): its crypto units with their new and
 * current master key registers and verification patterns, the administrators and thresholds, what
 * the instance can do right now, and the master key ceremony as a wizard — administrators,
 * thresholds, each custodian's part (downloaded as a password-protected file), load, commit,
 * activate — with zeroize, recovery and master key rotation as signed danger actions. People who
 * may not take part see every control disabled with the reason; the engine refuses them anyway.
 */
import {
  Button,
  Checkbox,
  InlineNotification,
  NumberInput,
  PasswordInput,
  ProgressBar,
  ProgressIndicator,
  ProgressStep,
  SkeletonText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  TextInput,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CallContext } from '../../../domain/api';
import {
  describeMasterKey,
  type CeremonyCommand,
  type CryptoUnit,
  type HpcsState,
} from '../../../domain/hpcs';
import { keywardClient } from '../../../client/keyward-client';
import { errorMessage } from '../../../client/error-message';
import { useActingUserId } from '../../../client/session';
import { TypedConfirmModal } from '../../../components/typed-confirm-modal';
import {
  downloadText,
  partPatternOf,
  signCommand,
  useCeremonyCommand,
} from '../api/ceremony-command';
import { hpcsQueries } from '../api/hpcs-queries';
import {
  CEREMONY_STEPS,
  currentStep,
  finalAction,
  plural,
  signaturesNeeded,
  whoActs,
} from './ceremony-steps';
import { emptyFile, FileField, filled, SignersField, type FileWithPassword } from './file-field';
import '../hpcs.scss';

const formatDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC';

function Failure({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail } = errorMessage(error);
  return (
    <InlineNotification kind="error" title={title} subtitle={detail} hideCloseButton lowContrast />
  );
}

function Pattern({ value }: { value: string | undefined }) {
  if (!value) return <span className="kw-secondary">—</span>;
  return (
    <span className="kw-mono kw-break" title="Verification pattern">
      {value.match(/.{1,8}/g)?.join(' ')}
    </span>
  );
}

const REGISTER_LABELS: Record<string, string> = {
  empty: 'Empty',
  uncommitted: 'Full, uncommitted',
  committed: 'Full, committed',
  valid: 'Valid',
};

function UnitsTable({ units }: { units: CryptoUnit[] }) {
  return (
    <Table aria-label="Crypto units" size="md">
      <TableHead>
        <TableRow>
          <TableHeader>Crypto unit</TableHeader>
          <TableHeader>New master key register</TableHeader>
          <TableHeader>Current master key register</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {units.map((u) => (
          <TableRow key={u.id} data-testid={`unit-${u.kind}`}>
            <TableCell>
              <div>{u.kind === 'recovery' ? 'Recovery unit' : 'Operational unit'}</div>
              <div className="kw-secondary">{u.zone}</div>
            </TableCell>
            <TableCell>
              <div>{REGISTER_LABELS[u.newRegister.state]}</div>
              <Pattern value={u.newRegister.verificationPattern} />
            </TableCell>
            <TableCell>
              <div>{REGISTER_LABELS[u.currentRegister.state]}</div>
              <Pattern value={u.currentRegister.verificationPattern} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function StatusNotice({ state }: { state: HpcsState }) {
  const kind =
    state.masterKey.status === 'active'
      ? 'success'
      : state.masterKey.status === 'zeroized'
        ? 'warning'
        : 'info';
  return (
    <InlineNotification
      kind={kind}
      title={state.masterKey.status === 'active' ? 'Keys are available' : 'Keys are unavailable'}
      subtitle={describeMasterKey(state, formatDate)}
      hideCloseButton
      lowContrast
      data-testid="hpcs-status"
    />
  );
}

interface StepProps {
  ctx: CallContext;
  state: HpcsState;
  disabled: boolean;
}

function ActionRow({ children }: { children: ReactNode }) {
  return <div className="kw-page-actions">{children}</div>;
}

/** Step 1: a custodian makes a signature key for an administrator, who downloads it; added to the units. */
function AdministratorsStep({ ctx, state, disabled }: StepProps) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = state.imprintMode ? 0 : signaturesNeeded(state);
  const add = useCeremonyCommand(ctx, async () => {
    const made = await keywardClient().createSignatureKey(ctx, { name, password });
    downloadText(`${name.replace(/[^A-Za-z0-9-]+/g, '-')}-signature-key.json`, made.file);
    const command: CeremonyCommand = { kind: 'admin.add', name, publicKey: made.publicKey };
    const signatures = needed > 0 ? await signCommand(ctx, state, command, signers) : [];
    await keywardClient().addCryptoUnitAdmin(ctx, { keyFile: made.file, signatures });
    setName('');
    setPassword('');
  });
  return (
    <Stack gap={5}>
      <TextInput
        id="hpcs-admin-name"
        labelText="Administrator's name"
        value={name}
        disabled={disabled}
        onChange={(event) => setName(event.target.value)}
      />
      <PasswordInput
        id="hpcs-admin-password"
        labelText="Password for the administrator's signature key file (8 characters or more)"
        autoComplete="new-password"
        value={password}
        disabled={disabled}
        onChange={(event) => setPassword(event.target.value)}
      />
      {needed > 0 && (
        <SignersField
          count={needed}
          value={signers}
          onChange={setSigners}
          disabled={disabled}
          testId="admin-signers"
        />
      )}
      <Failure error={add.error} />
      <ActionRow>
        <Button
          disabled={
            disabled ||
            name.length < 2 ||
            password.length < 8 ||
            add.isPending ||
            (needed > 0 && !filled(signers.slice(0, needed)))
          }
          onClick={() => add.mutate(undefined)}
        >
          {add.isPending ? 'Creating the key…' : 'Create signature key and add administrator'}
        </Button>
      </ActionRow>
    </Stack>
  );
}

function ThresholdsStep({ ctx, state, disabled }: StepProps) {
  const admins = state.admins.length;
  const [signature, setSignature] = useState(Math.min(2, admins) || 1);
  const [revocation, setRevocation] = useState(1);
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const set = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'threshold.set', signature, revocation };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().setCryptoUnitThresholds(ctx, { signature, revocation, signatures });
  });
  return (
    <Stack gap={5}>
      <NumberInput
        id="hpcs-signature-threshold"
        label="Signature threshold"
        helperText={`Signatures each ceremony command needs (1–${admins}).`}
        min={1}
        max={Math.max(1, admins)}
        value={signature}
        disabled={disabled}
        onChange={(_e, { value }) => setSignature(Number(value))}
      />
      <NumberInput
        id="hpcs-revocation-threshold"
        label="Revocation threshold"
        helperText={`Signatures removing an administrator needs (1–${admins}).`}
        min={1}
        max={Math.max(1, admins)}
        value={revocation}
        disabled={disabled}
        onChange={(_e, { value }) => setRevocation(Number(value))}
      />
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId="threshold-signers"
      />
      <Failure error={set.error} />
      <ActionRow>
        <Button
          disabled={disabled || set.isPending || !filled(signers.slice(0, needed))}
          onClick={() => set.mutate(undefined)}
        >
          {set.isPending ? 'Signing…' : 'Set thresholds and leave imprint mode'}
        </Button>
      </ActionRow>
    </Stack>
  );
}

function PartStep({ ctx, state, disabled }: StepProps) {
  const userId = useActingUserId();
  const me = state.custodians.find((c) => c.id === userId);
  const [password, setPassword] = useState('');
  const [hex, setHex] = useState('');
  const [made, setMade] = useState<string | undefined>();
  const make = useCeremonyCommand(ctx, async () => {
    const part = await keywardClient().createMasterKeyPart(ctx, {
      password,
      ...(hex ? { hex } : {}),
    });
    downloadText(
      `${(me?.name ?? 'custodian').replace(/[^A-Za-z0-9-]+/g, '-')}-master-key-part.json`,
      part.file,
    );
    setMade(part.verificationPattern);
    setPassword('');
    setHex('');
  });
  return (
    <Stack gap={5}>
      <p>
        {me
          ? `You act as ${me.name}, a custodian. Your part is made in the engine and handed to you only as a password-protected file; the engine keeps nothing of it.`
          : 'You are not a custodian of this instance.'}
      </p>
      <PasswordInput
        id="hpcs-part-password"
        labelText="Password for your part file (8 characters or more)"
        autoComplete="new-password"
        value={password}
        disabled={disabled}
        onChange={(event) => setPassword(event.target.value)}
      />
      <TextInput
        id="hpcs-part-hex"
        labelText="Type your own part instead (optional: 64 hexadecimal digits)"
        value={hex}
        disabled={disabled}
        autoComplete="off"
        onChange={(event) => setHex(event.target.value.trim())}
      />
      <Failure error={make.error} />
      {made && (
        <InlineNotification
          kind="success"
          title="Part file downloaded"
          subtitle={`Its verification pattern: ${made}. Keep the file and its password; the next custodian makes theirs while signed in as themselves.`}
          hideCloseButton
          lowContrast
        />
      )}
      <ActionRow>
        <Button
          disabled={disabled || password.length < 8 || make.isPending}
          onClick={() => make.mutate(undefined)}
        >
          {make.isPending ? 'Making the part…' : 'Make and download my part'}
        </Button>
      </ActionRow>
    </Stack>
  );
}

function LoadStep({ ctx, state, disabled }: StepProps) {
  const [parts, setParts] = useState<FileWithPassword[]>([emptyFile, emptyFile]);
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const load = useCeremonyCommand(ctx, async () => {
    const patterns = parts.map((p) => partPatternOf(p.file) ?? '');
    const command: CeremonyCommand = { kind: 'master-key.load', parts: patterns };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().loadMasterKey(ctx, {
      parts: parts.map((p) => ({ file: p.file, password: p.password })),
      signatures,
    });
  });
  return (
    <Stack gap={5}>
      {parts.map((part, i) => (
        <FileField
          key={i}
          label={`Choose part file ${i + 1}`}
          testId={`part-${i}`}
          value={part}
          disabled={disabled}
          onChange={(next) => setParts(parts.map((p, j) => (j === i ? next : p)))}
        />
      ))}
      {parts.map((p, i) =>
        p.file && !partPatternOf(p.file) ? (
          <InlineNotification
            key={i}
            kind="warning"
            title={`Part file ${i + 1}`}
            subtitle="This is not a master key part file."
            hideCloseButton
            lowContrast
          />
        ) : null,
      )}
      <Button
        kind="ghost"
        size="sm"
        disabled={disabled}
        onClick={() => setParts(parts.length === 2 ? [...parts, emptyFile] : parts.slice(0, 2))}
      >
        {parts.length === 2 ? 'Add a third part' : 'Use two parts'}
      </Button>
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId="load-signers"
      />
      <Failure error={load.error} />
      <ActionRow>
        <Button
          disabled={
            disabled || load.isPending || !filled(parts) || !filled(signers.slice(0, needed))
          }
          onClick={() => load.mutate(undefined)}
        >
          {load.isPending ? 'Loading…' : 'Load parts into the new register'}
        </Button>
      </ActionRow>
    </Stack>
  );
}

function SignedStep({
  ctx,
  state,
  disabled,
  kind,
  label,
}: StepProps & { kind: 'master-key.commit' | 'master-key.activate'; label: string }) {
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const needed = signaturesNeeded(state);
  const vp = state.units[0]?.newRegister.verificationPattern ?? '';
  const run = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind, verificationPattern: vp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    if (kind === 'master-key.commit') await keywardClient().commitMasterKey(ctx, { signatures });
    else await keywardClient().activateMasterKey(ctx, { signatures });
  });
  return (
    <Stack gap={5}>
      <p>
        New register: <Pattern value={vp} />
        {state.loadedParts.length > 0 &&
          ` — parts of ${state.loadedParts.map((p) => p.custodianName).join(' and ')}.`}
      </p>
      <SignersField
        count={needed}
        value={signers}
        onChange={setSigners}
        disabled={disabled}
        testId={`${kind}-signers`}
      />
      <Failure error={run.error} />
      <ActionRow>
        <Button
          disabled={disabled || run.isPending || !filled(signers.slice(0, needed))}
          onClick={() => run.mutate(undefined)}
        >
          {run.isPending ? 'Signing…' : label}
        </Button>
      </ActionRow>
    </Stack>
  );
}

/** Zeroize, rotate and recover: signed, and (zeroize, rotate) confirmed by typing the name. */
function DangerZone({ ctx, state, disabled }: StepProps) {
  const [open, setOpen] = useState<'zeroize' | 'rotate' | undefined>();
  const [signers, setSigners] = useState<FileWithPassword[]>([]);
  const [includeRecovery, setIncludeRecovery] = useState(false);
  const needed = signaturesNeeded(state);
  const newVp = state.units[0]?.newRegister.verificationPattern ?? '';
  const zeroize = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'zeroize', includeRecovery };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().zeroizeCryptoUnits(ctx, {
      confirm: state.instanceName,
      includeRecovery,
      signatures,
    });
    setOpen(undefined);
  });
  const rotate = useCeremonyCommand(ctx, async () => {
    const command: CeremonyCommand = { kind: 'master-key.rotate', verificationPattern: newVp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().rotateMasterKey(ctx, { signatures });
    setOpen(undefined);
  });
  const recover = useCeremonyCommand(ctx, async () => {
    const vp = state.masterKey.keysVerificationPattern ?? '';
    const command: CeremonyCommand = { kind: 'master-key.recover', verificationPattern: vp };
    const signatures = await signCommand(ctx, state, command, signers.slice(0, needed));
    await keywardClient().recoverMasterKey(ctx, { signatures });
  });
  // While the rotation runs, its progress is read a few times a second (same query, shared cache).
  useQuery({ ...hpcsQueries.state(ctx), refetchInterval: rotate.isPending ? 300 : false });
  const canRotate = state.rotationPending && state.units[0]?.newRegister.state === 'committed';
  const mutation = open === 'rotate' ? rotate : zeroize;
  return (
    <section aria-labelledby="hpcs-danger" className="kw-hpcs-section">
      <h2 id="hpcs-danger" className="kw-section-title">
        Zeroize, recover, rotate
      </h2>
      <p className="kw-secondary">
        Zeroizing clears the master key registers: every key of this instance becomes unusable and
        every bucket they protect unreadable until the same master key is loaded again. Rotating
        re-enciphers every key under a new master key loaded and committed above.
      </p>
      {state.rotationProgress && (
        <ProgressBar
          label="Re-enciphering keys under the new master key"
          value={state.rotationProgress.done}
          max={Math.max(1, state.rotationProgress.total)}
          helperText={`${state.rotationProgress.done} of ${state.rotationProgress.total} key versions re-enciphered`}
        />
      )}
      {state.masterKey.recoverable && (
        <Stack gap={5}>
          <SignersField
            count={needed}
            value={signers}
            onChange={setSigners}
            disabled={disabled}
            testId="recover-signers"
          />
          <Failure error={recover.error} />
          <Button
            kind="secondary"
            disabled={disabled || recover.isPending || !filled(signers.slice(0, needed))}
            onClick={() => recover.mutate(undefined)}
          >
            Recover the master key from the recovery unit
          </Button>
        </Stack>
      )}
      <ActionRow>
        <Button
          kind="danger"
          disabled={disabled || state.imprintMode}
          onClick={() => setOpen('zeroize')}
        >
          Zeroize crypto units
        </Button>
        <Button
          kind="danger--tertiary"
          disabled={disabled || !canRotate}
          onClick={() => setOpen('rotate')}
        >
          Rotate master key
        </Button>
      </ActionRow>
      {!canRotate && state.masterKey.status === 'active' && (
        <p className="kw-secondary">
          To rotate: each custodian makes a new part, then load and commit them above; then rotate.
        </p>
      )}
      <TypedConfirmModal
        open={open !== undefined}
        heading={
          open === 'rotate'
            ? `Rotate the master key of ${state.instanceName}`
            : `Zeroize ${state.instanceName}`
        }
        name={state.instanceName}
        nameLabel="instance name"
        primaryButtonText={open === 'rotate' ? 'Rotate master key' : 'Zeroize'}
        pendingText={open === 'rotate' ? 'Re-enciphering…' : 'Zeroizing…'}
        pending={mutation.isPending}
        blocked={!filled(signers.slice(0, needed))}
        failure={mutation.error ? errorMessage(mutation.error) : undefined}
        onConfirm={() => mutation.mutate(undefined)}
        onClose={() => {
          setOpen(undefined);
          zeroize.reset();
          rotate.reset();
        }}
      >
        <Stack gap={5}>
          <p>
            {open === 'rotate'
              ? `Every key of this instance (${plural(state.keyCount, 'key')}) is re-enciphered under the new master key ${newVp} in one step; if anything fails, nothing changes.`
              : `Every key of this instance (${plural(state.keyCount, 'key')}) becomes unusable, and ${plural(state.bucketCount, 'bucket')} unreadable, until the custodians load the same master key again.`}
          </p>
          {open === 'zeroize' && (
            <Checkbox
              id="hpcs-include-recovery"
              labelText="Zeroize the recovery unit too (then only the custodians' part files can restore the master key)"
              checked={includeRecovery}
              onChange={(_e, { checked }) => setIncludeRecovery(checked)}
            />
          )}
          <SignersField
            count={needed}
            value={signers}
            onChange={setSigners}
            testId={`${open ?? 'danger'}-signers`}
          />
        </Stack>
      </TypedConfirmModal>
    </section>
  );
}

export function Component() {
  const { instanceId = '' } = useParams();
  const userId = useActingUserId() ?? '';
  const ctx: CallContext = { userId, instanceId };
  const query = useQuery(hpcsQueries.state(ctx));
  const state = query.data;
  const step = state ? currentStep(state) : 0;
  const disabled = !state?.mayAct;
  const props = state ? { ctx, state, disabled } : undefined;

  return (
    <>
      <nav className="kw-crumbs" aria-label="Breadcrumb">
        <Link to="/resources">Resources</Link> /{' '}
        <span className="kw-crumb-current">{state?.instanceName ?? 'Hyper Protect'}</span>
      </nav>
      <h1 className="kw-page-title">{state?.instanceName ?? 'Hyper Protect Crypto Services'}</h1>
      <p className="kw-page-intro">
        Keep your own key: this instance’s keys are enciphered under a master key that only its
        custodians hold, loaded into its crypto units by a ceremony their administrators sign.
      </p>
      {query.isError && <Failure error={query.error} />}
      {!state ? (
        <SkeletonText paragraph lineCount={6} />
      ) : (
        <Stack gap={7}>
          <StatusNotice state={state} />
          {!state.mayAct && (
            <InlineNotification
              kind="info"
              title="View only"
              subtitle={state.mayActReason ?? ''}
              hideCloseButton
              lowContrast
              data-testid="hpcs-view-only"
            />
          )}
          <section aria-labelledby="hpcs-units" className="kw-hpcs-section">
            <h2 id="hpcs-units" className="kw-section-title">
              Crypto units
            </h2>
            <UnitsTable units={state.units} />
          </section>
          <section aria-labelledby="hpcs-admins" className="kw-hpcs-section">
            <h2 id="hpcs-admins" className="kw-section-title">
              Administrators and thresholds
            </h2>
            <p>
              {state.imprintMode ? (
                <Tag type="warm-gray">Imprint mode</Tag>
              ) : (
                <>
                  Signature threshold <strong>{state.signatureThreshold}</strong>, revocation
                  threshold <strong>{state.revocationThreshold}</strong> · next command number{' '}
                  {state.sequence}
                </>
              )}
            </p>
            {state.admins.length === 0 ? (
              <p className="kw-secondary">No administrators yet.</p>
            ) : (
              <Table aria-label="Crypto unit administrators" size="sm">
                <TableHead>
                  <TableRow>
                    <TableHeader>Name</TableHeader>
                    <TableHeader>Key id</TableHeader>
                    <TableHeader>Added</TableHeader>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {state.admins.map((a) => (
                    <TableRow key={a.id}>
                      <TableCell>{a.name}</TableCell>
                      <TableCell>
                        <span className="kw-mono kw-break">{a.id}</span>
                      </TableCell>
                      <TableCell>{formatDate(a.addedAt)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
          <section aria-labelledby="hpcs-ceremony" className="kw-hpcs-section">
            <h2 id="hpcs-ceremony" className="kw-section-title">
              Master key ceremony
            </h2>
            <ProgressIndicator
              currentIndex={Math.min(step, CEREMONY_STEPS.length - 1)}
              spaceEqually
            >
              {CEREMONY_STEPS.map((label, i) => (
                <ProgressStep
                  key={label}
                  label={
                    i === CEREMONY_STEPS.length - 1 && finalAction(state) === 'rotate'
                      ? 'Rotate'
                      : label
                  }
                  complete={i < step}
                  current={i === step}
                  description={`Step ${i + 1} of ${CEREMONY_STEPS.length}: ${label}`}
                />
              ))}
            </ProgressIndicator>
            {step < CEREMONY_STEPS.length ? (
              <div className="kw-wizard-step" data-testid="ceremony-step">
                <h3 className="kw-section-title">
                  {step + 1}. {CEREMONY_STEPS[step]}
                </h3>
                <p>{whoActs(state, step)}</p>
                {props && step === 0 && <AdministratorsStep {...props} />}
                {props && step === 1 && (
                  <>
                    <ThresholdsStep {...props} />
                    <h4 className="kw-section-title">Add another administrator</h4>
                    <AdministratorsStep {...props} />
                  </>
                )}
                {props && step === 2 && (
                  <>
                    <PartStep {...props} />
                    <h4 className="kw-section-title">{CEREMONY_STEPS[3]}</h4>
                    <p>{whoActs(state, 3)}</p>
                    <LoadStep {...props} />
                  </>
                )}
                {props && step === 4 && (
                  <SignedStep {...props} kind="master-key.commit" label="Commit the new register" />
                )}
                {props && step === 5 && finalAction(state) === 'activate' && (
                  <SignedStep
                    {...props}
                    kind="master-key.activate"
                    label="Activate the master key"
                  />
                )}
                {step === 5 && finalAction(state) === 'rotate' && (
                  <p>
                    The new master key is committed: rotate it in below (Zeroize, recover, rotate).
                  </p>
                )}
              </div>
            ) : (
              <div className="kw-wizard-step" data-testid="ceremony-step">
                <p>The ceremony is complete: the master key is current on every crypto unit.</p>
                <h3 className="kw-section-title">Rotate the master key: new parts</h3>
                {props && <PartStep {...props} />}
                <h3 className="kw-section-title">Load the new parts</h3>
                {props && <LoadStep {...props} />}
              </div>
            )}
          </section>
          {props && <DangerZone {...props} />}
        </Stack>
      )}
    </>
  );
}
