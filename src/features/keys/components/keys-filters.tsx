/**
 * The keys table's filters: states (Deleted keys only when asked for), key type, key ring, and
 * what needs attention (the dashboard's posture filters: expiring or rotating within N days, no
 * rotation policy, no dual authorization, not used for N days; issue 11).
 */
import { Dropdown, MultiSelect } from '@carbon/react';
import { STATE_LABELS, type KeyState } from '../../../domain/key-state';
import {
  ALL_STATES,
  hasPostureFilter,
  NO_POSTURE_FILTER,
  type KeysListState,
} from './keys-url-state';

const STATES: KeyState[] = ALL_STATES;
const TYPES = [
  { id: '', text: 'All types' },
  { id: 'root', text: 'Root keys' },
  { id: 'standard', text: 'Standard keys' },
] as const;

interface Option {
  id: string;
  text: string;
}

type Posture = Pick<
  KeysListState,
  'expiringDays' | 'rotationDays' | 'noRotationPolicy' | 'dualAuth' | 'unusedDays'
>;

const POSTURE: (Option & { set: Posture })[] = [
  { id: 'expiring-30', text: 'Expiring within 30 days', set: { expiringDays: 30 } },
  { id: 'expiring-90', text: 'Expiring within 90 days', set: { expiringDays: 90 } },
  { id: 'rotation-30', text: 'Rotation due within 30 days', set: { rotationDays: 30 } },
  { id: 'rotation-90', text: 'Rotation due within 90 days', set: { rotationDays: 90 } },
  { id: 'no-rotation', text: 'No rotation policy', set: { noRotationPolicy: true } },
  { id: 'no-dual-auth', text: 'No dual authorization', set: { dualAuth: false } },
  { id: 'unused-90', text: 'Not used for 90 days', set: { unusedDays: 90 } },
];

/** The preset the URL's posture filters are, or a description of a hand-made combination. */
function postureOption(state: KeysListState): Option {
  if (!hasPostureFilter(state)) return { id: '', text: 'Any attention' };
  const same = POSTURE.find((o) =>
    (Object.keys(NO_POSTURE_FILTER) as (keyof Posture)[]).every((k) => o.set[k] === state[k]),
  );
  if (same) return same;
  const parts = [
    state.expiringDays && `expiring within ${state.expiringDays} days`,
    state.rotationDays && `rotation due within ${state.rotationDays} days`,
    state.noRotationPolicy && 'no rotation policy',
    state.dualAuth !== undefined &&
      (state.dualAuth ? 'dual authorization' : 'no dual authorization'),
    state.unusedDays && `not used for ${state.unusedDays} days`,
  ].filter(Boolean);
  return { id: 'custom', text: parts.join(', ') };
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
      <PostureFilter state={state} onChange={onChange} />
    </>
  );
}

function PostureFilter({
  state,
  onChange,
}: {
  state: KeysListState;
  onChange: (next: Partial<KeysListState>) => void;
}) {
  const current = postureOption(state);
  const items: Option[] = [
    { id: '', text: 'Any attention' },
    ...POSTURE,
    ...(current.id === 'custom' ? [current] : []),
  ];
  return (
    <Dropdown<Option>
      id="filter-attention"
      titleText="Needs attention"
      hideLabel
      label="Needs attention"
      type="inline"
      items={items}
      itemToString={(o) => o?.text ?? ''}
      selectedItem={items.find((o) => o.id === current.id) ?? items[0]}
      onChange={({ selectedItem }) => {
        const preset = POSTURE.find((o) => o.id === selectedItem?.id);
        if (selectedItem?.id === 'custom') return;
        onChange({ ...NO_POSTURE_FILTER, ...(preset?.set ?? {}) });
      }}
    />
  );
}
