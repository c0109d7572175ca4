/**
 * A key's aliases: the list, with remove (Manager), and a field to add one (Writer), checked as
 * the user types with the engine's own alias rules and the 5-per-key limit.
 */
import { ContainedList, ContainedListItem, Stack, TextInput } from '@carbon/react';
import { Add } from '@carbon/icons-react';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { KeyState } from '../../../../domain/key-state';
import type { Key, Permissions } from '../../../../domain/types';
import { aliasProblem, LIMITS } from '../../../../domain/validation';
import { GatedButton } from '../../../../components/gated-button';
import { useCreateAlias } from '../../api/create-alias';
import { useDeleteAlias } from '../../api/delete-alias';
import { gate, stateReason } from './format';
import { useActionFeedback } from './use-action-feedback';

interface AliasesTabProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

export function AliasesTab({ keyData: key, permissions }: AliasesTabProps) {
  const feedback = useActionFeedback();
  const navigate = useNavigate();
  const { keyId: routeId } = useParams();
  const [params] = useSearchParams();
  const [alias, setAlias] = useState('');
  const createAlias = useCreateAlias();
  const deleteAlias = useDeleteAlias();

  const full = key.aliases.length >= LIMITS.aliasesPerKey;
  const deleted = key.state === KeyState.Destroyed;
  const problem =
    alias.length === 0
      ? undefined
      : key.aliases.includes(alias)
        ? 'This key already has that alias.'
        : (() => {
            const p = aliasProblem(alias);
            return p ? `Alias: ${p}.` : undefined;
          })();
  const addGate = gate(
    permissions?.write,
    'Adding an alias',
    deleted
      ? stateReason(key.state, 'get new aliases')
      : full
        ? `A key can have at most ${LIMITS.aliasesPerKey} aliases; remove one first.`
        : undefined,
  );

  function add() {
    if (alias.length === 0 || problem) return;
    createAlias.mutate(
      { idOrAlias: key.id, alias },
      {
        onSuccess: () => {
          feedback.succeeded('Alias added', `“${alias}” now names this key.`);
          setAlias('');
        },
        onError: feedback.failed,
      },
    );
  }

  function remove(name: string) {
    deleteAlias.mutate(
      { idOrAlias: key.id, alias: name },
      {
        onSuccess: () => {
          feedback.succeeded('Alias removed', `“${name}” no longer names this key.`);
          // The page was opened by this alias: keep it open by the key's id.
          if (routeId === name) navigate(`/keys/${key.id}?${params.toString()}`, { replace: true });
        },
        onError: feedback.failed,
      },
    );
  }

  return (
    <Stack gap={6} className="kw-tab-body">
      <ContainedList
        label={`Aliases (${key.aliases.length} of ${LIMITS.aliasesPerKey})`}
        kind="on-page"
      >
        {key.aliases.length === 0 ? (
          <ContainedListItem>
            This key has no aliases. An alias is another name for the key, usable anywhere its id
            is.
          </ContainedListItem>
        ) : (
          key.aliases.map((name) => (
            <ContainedListItem
              key={name}
              action={
                <GatedButton
                  kind="ghost"
                  size="sm"
                  permission={gate(permissions?.manage, 'Removing an alias')}
                  disabled={deleteAlias.isPending}
                  onClick={() => remove(name)}
                  aria-label={`Remove alias ${name}`}
                >
                  Remove
                </GatedButton>
              }
            >
              <span className="kw-mono kw-break">{name}</span>
            </ContainedListItem>
          ))
        )}
      </ContainedList>

      <form
        className="kw-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <TextInput
          id="new-alias"
          labelText="New alias"
          helperText={
            full
              ? `This key has ${LIMITS.aliasesPerKey} aliases, the most allowed; remove one to add another.`
              : `${LIMITS.aliasMin}–${LIMITS.aliasMax} letters, digits, "_" or "-"; unique in the instance; not a UUID or a reserved word.`
          }
          value={alias}
          onChange={(e) => setAlias(e.target.value)}
          invalid={problem !== undefined}
          invalidText={problem}
          disabled={full || deleted}
        />
        <GatedButton
          type="submit"
          kind="primary"
          size="md"
          renderIcon={Add}
          permission={addGate}
          disabled={createAlias.isPending || alias.length === 0 || problem !== undefined}
        >
          {createAlias.isPending ? 'Adding…' : 'Add alias'}
        </GatedButton>
      </form>
    </Stack>
  );
}
