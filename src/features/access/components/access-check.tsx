/**
 * "What can this user do?": for a user and a scope (an instance, a key ring in it, or one key),
 * every action of SPEC section 2, allowed or denied, and the policy that decides — asked of the
 * engine, so an Administrator can check a change before and after making it.
 */
import {
  DataTableSkeleton,
  InlineNotification,
  RadioButton,
  RadioButtonGroup,
  Select,
  SelectItem,
  Tag,
  TextInput,
} from '@carbon/react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AccessCheckAction, AccessCheckRequest } from '../../../domain/api';
import type { ServiceInstance, User } from '../../../domain/types';
import { keyRingIdProblem } from '../../../domain/validation';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { engineQuery } from '../../../client/engine-query';
import { type Column, DataTable } from '../../../components/data-table';

type ScopeKind = 'instance' | 'ring' | 'key';

const DEBOUNCE_MS = 300;

const CHECK_COLUMNS: Column<AccessCheckAction>[] = [
  {
    key: 'action',
    header: 'Action',
    cell: (a) => `${a.label[0]?.toUpperCase() ?? ''}${a.label.slice(1)}`,
  },
  {
    key: 'allowed',
    header: 'Allowed',
    cell: (a) => (
      <Tag type={a.allowed ? 'green' : 'red'} size="sm">
        {a.allowed ? 'Allowed' : 'Denied'}
      </Tag>
    ),
  },
  { key: 'reason', header: 'Decided by', cell: (a) => a.reason },
];

interface AccessCheckProps {
  users: readonly User[];
  instances: readonly ServiceInstance[];
  /** The Administrator may check anyone; others only themselves. */
  canCheckOthers: boolean;
}

export function AccessCheck({ users, instances, canCheckOthers }: AccessCheckProps) {
  const ctx = useCallContext();
  const keyInstances = instances.filter((i) => i.kind !== 'cos');
  const [userId, setUserId] = useState(ctx.userId);
  const [instanceId, setInstanceId] = useState(
    keyInstances.some((i) => i.id === ctx.instanceId)
      ? ctx.instanceId
      : (keyInstances[0]?.id ?? ''),
  );
  const [scopeKind, setScopeKind] = useState<ScopeKind>('instance');
  const [scopeText, setScopeText] = useState('');
  const [settledText, setSettledText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSettledText(scopeText.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [scopeText]);

  const ringProblem = scopeKind === 'ring' ? keyRingIdProblem(settledText) : undefined;
  const keyProblem =
    scopeKind === 'key' && settledText === '' ? 'enter a key id or alias' : undefined;
  const problem = ringProblem ?? keyProblem;
  const req: AccessCheckRequest = {
    userId,
    instanceId,
    ...(scopeKind === 'ring' ? { keyRingID: settledText } : {}),
    ...(scopeKind === 'key' ? { keyId: settledText } : {}),
  };
  const check = useQuery({
    ...engineQuery('checkAccess', ctx, req),
    enabled: problem === undefined && instanceId !== '' && userId !== '',
  });
  const visibleUsers = canCheckOthers ? users : users.filter((u) => u.id === ctx.userId);

  return (
    <section className="kw-access-check" aria-labelledby="access-check-title">
      <h2 id="access-check-title" className="kw-section-title">
        What can this user do?
      </h2>
      <p className="kw-page-intro">
        Every action of the permission table at one scope, as the engine decides it. Check before
        and after changing a role.
      </p>
      <div className="kw-check-form">
        <Select
          id="check-user"
          labelText="User"
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
        >
          {visibleUsers.map((u) => (
            <SelectItem key={u.id} value={u.id} text={u.name} />
          ))}
        </Select>
        <Select
          id="check-instance"
          labelText="Instance"
          value={instanceId}
          onChange={(e) => setInstanceId(e.target.value)}
        >
          {keyInstances.map((i) => (
            <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
          ))}
        </Select>
        <RadioButtonGroup
          legendText="Scope"
          name="check-scope"
          valueSelected={scopeKind}
          onChange={(value) => {
            setScopeKind(value as ScopeKind);
            setScopeText('');
            setSettledText('');
          }}
        >
          <RadioButton id="check-scope-instance" value="instance" labelText="Instance" />
          <RadioButton id="check-scope-ring" value="ring" labelText="Key ring" />
          <RadioButton id="check-scope-key" value="key" labelText="Key" />
        </RadioButtonGroup>
        {scopeKind !== 'instance' && (
          <TextInput
            id="check-scope-value"
            labelText={scopeKind === 'ring' ? 'Key ring id' : 'Key id or alias'}
            value={scopeText}
            invalid={scopeText !== '' && problem !== undefined}
            invalidText={problem ? `${problem[0]?.toUpperCase() ?? ''}${problem.slice(1)}.` : ''}
            onChange={(e) => setScopeText(e.target.value)}
          />
        )}
      </div>
      {problem !== undefined ? (
        <p className="kw-muted">
          {scopeKind === 'ring'
            ? 'Enter a key ring id to check.'
            : 'Enter a key id or alias to check.'}
        </p>
      ) : check.isError ? (
        <InlineNotification
          kind="error"
          title={errorMessage(check.error).title}
          subtitle={errorMessage(check.error).detail}
          hideCloseButton
          lowContrast
        />
      ) : !check.data ? (
        <DataTableSkeleton
          columnCount={3}
          rowCount={8}
          showHeader={false}
          aria-label="Checking access"
        />
      ) : (
        <DataTable
          title={`${check.data.user.name}: ${check.data.roles.length > 0 ? check.data.roles.join(', ') : 'no role'} here`}
          description={
            check.data.administrator
              ? 'Also account Administrator (manages access, not keys).'
              : undefined
          }
          aria-label="What this user can do"
          data-check-target={
            check.data.target.keyId ?? check.data.target.keyRingID ?? check.data.target.instanceId
          }
          rows={check.data.actions}
          rowKey={(a) => a.action}
          rowProps={(a) => ({ 'data-testid': `check-${a.action}`, 'data-allowed': a.allowed })}
          columns={CHECK_COLUMNS}
        />
      )}
    </section>
  );
}
