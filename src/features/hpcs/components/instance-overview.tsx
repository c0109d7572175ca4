/**
 * What a Hyper Protect instance is now: its crypto units with their registers and verification
 * patterns, whether its keys are available, and its administrators and thresholds.
 */
import { InlineNotification, Tag } from '@carbon/react';
import {
  describeMasterKey,
  type CryptoUnit,
  type CryptoUnitAdmin,
  type HpcsState,
} from '../../../domain/hpcs';
import { Pattern } from './ceremony-ui';
import { type Column, DataTable } from '../../../components/data-table';
import { formatUtc } from '../../../components/format';

const REGISTER_LABELS: Record<string, string> = {
  empty: 'Empty',
  uncommitted: 'Full, uncommitted',
  committed: 'Full, committed',
  valid: 'Valid',
};

const UNIT_COLUMNS: Column<CryptoUnit>[] = [
  {
    key: 'unit',
    header: 'Crypto unit',
    cell: (u) => (
      <>
        <div>{u.kind === 'recovery' ? 'Recovery unit' : 'Operational unit'}</div>
        <div className="kw-secondary">{u.zone}</div>
      </>
    ),
  },
  {
    key: 'new',
    header: 'New master key register',
    cell: (u) => (
      <>
        <div>{REGISTER_LABELS[u.newRegister.state]}</div>
        <Pattern value={u.newRegister.verificationPattern} />
      </>
    ),
  },
  {
    key: 'current',
    header: 'Current master key register',
    cell: (u) => (
      <>
        <div>{REGISTER_LABELS[u.currentRegister.state]}</div>
        <Pattern value={u.currentRegister.verificationPattern} />
      </>
    ),
  },
];

export function UnitsTable({ units }: { units: CryptoUnit[] }) {
  return (
    <DataTable
      aria-label="Crypto units"
      columns={UNIT_COLUMNS}
      rows={units}
      rowKey={(u) => u.id}
      rowProps={(u) => ({ 'data-testid': `unit-${u.kind}` })}
    />
  );
}

const ADMIN_COLUMNS: Column<CryptoUnitAdmin>[] = [
  { key: 'name', header: 'Name', cell: (a) => a.name },
  { key: 'id', header: 'Key id', cell: (a) => <span className="kw-mono kw-break">{a.id}</span> },
  { key: 'added', header: 'Added', cell: (a) => formatUtc(a.addedAt) },
];

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
      <DataTable
        aria-label="Crypto unit administrators"
        size="sm"
        columns={ADMIN_COLUMNS}
        rows={state.admins}
        rowKey={(a) => a.id}
        empty={<p className="kw-secondary">No administrators yet.</p>}
      />
    </section>
  );
}
