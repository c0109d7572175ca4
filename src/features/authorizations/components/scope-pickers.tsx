/**
 * The wizard's target-and-scope step: the Key Protect or Hyper Protect instance from a select,
 * then which of its keys: all, one key ring (picked from the instance's rings) or one root key
 * (picked from the engine's search of its keys by name and alias, each shown with its aliases and
 * state). Nothing is typed as a bare id.
 */
import {
  ComboBox,
  InlineLoading,
  RadioButton,
  RadioButtonGroup,
  Select,
  SelectItem,
  SelectItemGroup,
  Stack,
} from '@carbon/react';
import { useState } from 'react';
import { INSTANCE_KIND_LABELS } from '../../../domain/access-validation';
import type { KeyRing, ServiceInstance } from '../../../domain/types';
import {
  isTarget,
  KEY_PICKER_LIMIT,
  keyChoiceText,
  type Choices,
  type KeyChoice,
  type Problems,
  type ScopeKind,
} from '../authorization-draft';
import { KeyItem, ListingFailed } from './scope-picker-parts';
import { useTargetKeys, useTargetRings } from './use-target-listing';

interface PickerProps {
  choices: Choices;
  shown: Problems;
  set: (patch: Partial<Choices>) => void;
}

export function TargetStep({
  choices,
  shown,
  set,
  instances,
}: PickerProps & { instances: readonly ServiceInstance[] }) {
  const targets = instances.filter(isTarget);
  const target = targets.find((i) => i.id === choices.targetInstanceId);
  const groups = (['kms', 'hpcs'] as const)
    .map((kind) => [kind, targets.filter((i) => i.kind === kind)] as const)
    .filter(([, list]) => list.length > 0);
  return (
    <Stack gap={6}>
      <Select
        id="target-instance"
        labelText="Target instance"
        helperText="The Key Protect or Hyper Protect Crypto Services instance whose keys it may use."
        value={choices.targetInstanceId}
        invalid={shown.targetInstanceId !== undefined}
        invalidText={shown.targetInstanceId}
        // Another instance has other rings and keys: the scope's pick starts again.
        onChange={(e) => set({ targetInstanceId: e.target.value, ring: '', key: null })}
      >
        <SelectItem value="" text="Choose an instance" />
        {groups.map(([kind, list]) => (
          <SelectItemGroup key={kind} label={INSTANCE_KIND_LABELS[kind]}>
            {list.map((i) => (
              <SelectItem key={i.id} value={i.id} text={`${i.name} · ${i.region}`} />
            ))}
          </SelectItemGroup>
        ))}
      </Select>
      {target?.kind === 'hpcs' && (
        <p className="kw-muted">
          A Hyper Protect Crypto Services instance holds no keys until its master key is loaded; the
          authorization takes effect for keys it holds later.
        </p>
      )}
      <RadioButtonGroup
        legendText="Scope: which keys"
        name="target-scope"
        orientation="vertical"
        valueSelected={choices.scopeKind}
        onChange={(value) => set({ scopeKind: value as ScopeKind })}
      >
        <RadioButton id="scope-all" value="all" labelText="All keys of the instance" />
        <RadioButton id="scope-ring" value="ring" labelText="The keys of one key ring" />
        <RadioButton id="scope-key" value="key" labelText="One root key" />
      </RadioButtonGroup>
      {choices.scopeKind === 'ring' && (
        <RingPicker key={choices.targetInstanceId} choices={choices} shown={shown} set={set} />
      )}
      {choices.scopeKind === 'key' && (
        <KeyPicker key={choices.targetInstanceId} choices={choices} shown={shown} set={set} />
      )}
    </Stack>
  );
}

function RingPicker({ choices, shown, set }: PickerProps) {
  const rings = useTargetRings(choices.targetInstanceId, true);
  const items = rings.data?.keyRings ?? [];
  const chosen = items.find((r) => r.id === choices.ring) ?? null;
  if (rings.isError) return <ListingFailed error={rings.error} what="key rings" />;
  return (
    <ComboBox<KeyRing>
      id="scope-ring"
      titleText="Key ring"
      placeholder={choices.targetInstanceId ? 'Search the key rings' : 'Choose the instance first'}
      helperText="The authorization covers the root keys in this ring, also those added later."
      disabled={choices.targetInstanceId === '' || rings.isPending}
      items={items}
      itemToString={(r) => r?.id ?? ''}
      shouldFilterItem={({ item, inputValue }) =>
        inputValue === choices.ring ||
        item.id.toLowerCase().includes((inputValue ?? '').trim().toLowerCase())
      }
      selectedItem={chosen}
      onChange={({ selectedItem }) => set({ ring: selectedItem?.id ?? '' })}
      invalid={shown.ring !== undefined}
      invalidText={shown.ring}
    />
  );
}

function KeyPicker({ choices, shown, set }: PickerProps) {
  const [text, setText] = useState('');
  const chosenLabel = choices.key ? keyChoiceText(choices.key) : null;
  // The chosen key's own label in the box searches everything again, not only itself.
  const keys = useTargetKeys(choices.targetInstanceId, text === chosenLabel ? '' : text, true);
  const found: KeyChoice[] = keys.data?.keys ?? [];
  // The chosen key stays an item (last, so the found keys keep their places under the pointer).
  const items =
    choices.key && !found.some((k) => k.id === choices.key?.id) ? [...found, choices.key] : found;
  const total = keys.data?.total ?? 0;
  if (keys.isError) return <ListingFailed error={keys.error} what="root keys" />;
  return (
    <Stack gap={3} className="kw-key-picker">
      <ComboBox<KeyChoice>
        id="scope-key"
        titleText="Root key"
        placeholder="Search by name or alias"
        helperText={
          total > KEY_PICKER_LIMIT
            ? `The first ${KEY_PICKER_LIMIT} of ${total} matching root keys; type to narrow.`
            : 'Root keys of the instance, searched by name and alias.'
        }
        disabled={choices.targetInstanceId === ''}
        items={items}
        itemToString={(k) => (k ? keyChoiceText(k) : '')}
        itemToElement={(k) => <KeyItem k={k} />}
        // The engine searched already.
        shouldFilterItem={() => true}
        selectedItem={choices.key}
        onInputChange={(value) => setText(value)}
        onChange={({ selectedItem }) =>
          set({
            key: selectedItem
              ? {
                  id: selectedItem.id,
                  name: selectedItem.name,
                  aliases: selectedItem.aliases,
                  state: selectedItem.state,
                }
              : null,
          })
        }
        invalid={shown.key !== undefined}
        invalidText={shown.key}
      />
      {keys.searching && <InlineLoading description="Searching the keys…" />}
      {!keys.searching && keys.data && total === 0 && (
        <p className="kw-muted">
          {text && text !== chosenLabel
            ? `No root key matches “${text}”.`
            : 'This instance has no root keys.'}
        </p>
      )}
    </Stack>
  );
}
