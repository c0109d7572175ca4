/**
 * The create-bucket form's root key picker, as Cloud Object Storage's steps have it: choose the
 * key management instance first, then the root key by its alias (or name), searchable by either.
 * Nothing is chosen for the user: the form says so until a key is picked.
 */
import { ComboBox, Select, SelectItem } from '@carbon/react';
import type { EncryptionKeyChoice } from '../../../domain/storage';

/** How a key reads in the picker: its aliases first (what the storage steps name), then its name. */
export function keyChoiceLabel(k: EncryptionKeyChoice): string {
  return k.aliases.length > 0 ? `${k.aliases.join(', ')} — ${k.name}` : k.name;
}

/** Whether a search text matches a key's name or any alias (case-insensitive). */
export function keyChoiceMatches(k: EncryptionKeyChoice, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (q === '') return true;
  return [k.name, ...k.aliases].some((s) => s.toLowerCase().includes(q));
}

export function BucketKeyPicker({
  keys,
  instanceId,
  keyCrn,
  showMissing,
  onInstance,
  onKey,
}: {
  /** The enabled root keys the storage instance may use. */
  keys: EncryptionKeyChoice[];
  instanceId: string;
  keyCrn: string;
  /** After a submit: say that a key must be chosen. */
  showMissing: boolean;
  onInstance: (instanceId: string) => void;
  onKey: (keyCrn: string) => void;
}) {
  const instances = [...new Map(keys.map((k) => [k.instanceId, k.instanceName])).entries()];
  const ofInstance = keys.filter((k) => k.instanceId === instanceId);
  const chosen = ofInstance.find((k) => k.keyCrn === keyCrn) ?? null;
  return (
    <>
      <Select
        id="bucket-key-instance"
        labelText="Key management instance"
        helperText="The Key Protect or Hyper Protect instance that holds the root key."
        value={instanceId}
        onChange={(e) => {
          onInstance(e.target.value);
          onKey('');
        }}
        invalid={showMissing && instanceId === ''}
        invalidText="Choose the instance that holds the root key."
      >
        <SelectItem value="" text="Choose an instance" disabled hidden />
        {instances.map(([id, name]) => (
          <SelectItem key={id} value={id} text={name} />
        ))}
      </Select>
      <ComboBox<EncryptionKeyChoice>
        // A new instance starts a fresh search.
        key={instanceId}
        id="bucket-key"
        titleText="Root key"
        placeholder="Search by alias or name"
        helperText="Only enabled root keys this storage instance is authorized to use are listed."
        disabled={instanceId === ''}
        items={ofInstance}
        itemToString={(k) => (k ? keyChoiceLabel(k) : '')}
        shouldFilterItem={({ item, inputValue }) =>
          // The chosen key's own label shows all keys again, not only itself.
          inputValue === (chosen ? keyChoiceLabel(chosen) : null) ||
          keyChoiceMatches(item, inputValue ?? '')
        }
        selectedItem={chosen}
        onChange={({ selectedItem }) => onKey(selectedItem?.keyCrn ?? '')}
        invalid={showMissing && instanceId !== '' && !chosen}
        invalidText="Choose the root key that will protect this bucket."
      />
    </>
  );
}
