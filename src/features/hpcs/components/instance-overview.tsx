/**
 * What a Hyper Protect instance is now: its crypto units with their registers and verification
 * patterns, whether its keys are available, and its administrators and thresholds.
 */
import {
  InlineNotification,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
} from '@carbon/react';
import { describeMasterKey, type CryptoUnit, type HpcsState } from '../../../domain/hpcs';
import { Pattern } from './ceremony-ui';
import { formatUtc } from '../../../components/format';

const REGISTER_LABELS: Record<string, string> = {
  empty: 'Empty',
  uncommitted: 'Full, uncommitted',
  committed: 'Full, committed',
  valid: 'Valid',
};

export function UnitsTable({ units }: { units: CryptoUnit[] }) {
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

export function StatusNotice({ state }: { state: HpcsState }) {
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
      subtitle={describeMasterKey(state, formatUtc)}
      hideCloseButton
      lowContrast
      data-testid="hpcs-status"
    />
  );
}

/** The administrators with their keys, and the thresholds (or imprint mode). */
export function AdministratorsSection({ state }: { state: HpcsState }) {
  return (
    <section aria-labelledby="hpcs-admins" className="kw-hpcs-section">
      <h2 id="hpcs-admins" className="kw-section-title">
        Administrators and thresholds
      </h2>
      <p>
        {state.imprintMode ? (
          <Tag type="warm-gray">Imprint mode</Tag>
        ) : (
          <>
            Signature threshold <strong>{state.signatureThreshold}</strong>, revocation threshold{' '}
            <strong>{state.revocationThreshold}</strong> · next command number {state.sequence}
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
                <TableCell>{formatUtc(a.addedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
