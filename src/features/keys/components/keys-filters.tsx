/** The keys table's filters: states (Deleted keys only when asked for), key type, key ring. */
import { Dropdown, MultiSelect } from '@carbon/react';
import { STATE_LABELS, type KeyState } from '../../../domain/key-state';
import type { KeysListState } from './keys-url-state';

const STATES: KeyState[] = [1, 2, 3, 5];
const TYPES = [
  { id: '', text: 'All types' },
  { id: 'root', text: 'Root keys' },
  { id: 'standard', text: 'Standard keys' },
] as const;

interface Option {
  id: string;
  text: string;
}

export function KeysFilters({
  state,
  rings,
  onChange,
}: {
  state: KeysListState;
  rings: string[];
  onChange: (next: Partial<KeysListState>) => void;
}) {
  const ringOptions: Option[] = [
    { id: '', text: 'All key rings' },
    ...rings.map((r) => ({ id: r, text: r })),
  ];
  return (
    <>
      <MultiSelect<KeyState>
        id="filter-state"
        titleText="State"
        hideLabel
        label="State"
        type="inline"
        items={STATES}
        itemToString={(s) => (s === null || s === undefined ? '' : STATE_LABELS[s])}
        selectedItems={state.states}
        sortItems={(items) => [...items]}
        onChange={({ selectedItems }) => onChange({ states: selectedItems ?? [] })}
      />
      <Dropdown<Option>
        id="filter-type"
        titleText="Type"
        hideLabel
        label="Type"
        type="inline"
        items={[...TYPES]}
        itemToString={(o) => o?.text ?? ''}
        selectedItem={TYPES.find((t) => t.id === (state.type ?? '')) ?? TYPES[0]}
        onChange={({ selectedItem }) =>
          onChange({
            type:
              selectedItem?.id === 'root' || selectedItem?.id === 'standard'
                ? selectedItem.id
                : undefined,
          })
        }
      />
      <Dropdown<Option>
        id="filter-ring"
        titleText="Key ring"
        hideLabel
        label="Key ring"
        type="inline"
        items={ringOptions}
        itemToString={(o) => o?.text ?? ''}
        selectedItem={ringOptions.find((o) => o.id === (state.ring ?? '')) ?? ringOptions[0]}
        onChange={({ selectedItem }) => onChange({ ring: selectedItem?.id || undefined })}
      />
    </>
  );
}
