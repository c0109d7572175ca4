/**
 * The events page's filters: action (a known action or any prefix), initiator, outcome, target
 * and time range, and whether routine reads are hidden. Each change goes to the URL; typed fields commit after a pause.
 */
import { Button, ComboBox, Select, SelectItem, TextInput } from '@carbon/react';
import { FilterRemove } from '@carbon/icons-react';
import type { User } from '../../../domain/types';
import { ACTION_SUGGESTIONS, describeAction } from '../known-actions';
import { hasFilters, type EventFilters, type FilterChanges } from '../event-view';
import { useDraft } from './use-draft';
import { DateTimeField } from '../../../components/date-time-field';
import { RoutineReadsToggle } from '../../../components/routine-reads-toggle';

interface EventFiltersBarProps {
  filters: EventFilters;
  hideRoutineReads: boolean;
  onHideRoutineReads: (hide: boolean) => void;
  users: User[] | undefined;
  onChange: (changes: FilterChanges) => void;
  onClear: () => void;
}

export function EventFiltersBar({
  filters,
  hideRoutineReads,
  onHideRoutineReads,
  users,
  onChange,
  onClear,
}: EventFiltersBarProps) {
  const [target, setTarget, flushTarget] = useDraft(filters.target, (value) =>
    onChange({ target: value.trim() }),
  );
  const rangeBackwards =
    filters.from !== '' && filters.to !== '' && Date.parse(filters.from) > Date.parse(filters.to);
  const knownInitiator = !filters.initiator || users?.some((u) => u.id === filters.initiator);

  return (
    <div className="kw-events-filters" role="group" aria-label="Filters">
      <ComboBox<string>
        id="events-filter-action"
        titleText="Action"
        placeholder="Any action, or type a prefix"
        helperText="Matches actions that start with this"
        items={ACTION_SUGGESTIONS}
        itemToString={(item) => item ?? ''}
        itemToElement={(item) => <span>{describeAction(item)}</span>}
        shouldFilterItem={({ item, inputValue }) =>
          !inputValue || item.toLowerCase().includes(inputValue.toLowerCase())
        }
        allowCustomValue
        selectedItem={filters.action || null}
        onChange={({ selectedItem, inputValue }) =>
          onChange({ action: (selectedItem ?? inputValue ?? '').trim() })
        }
      />
      <Select
        id="events-filter-initiator"
        labelText="Initiator"
        value={filters.initiator}
        onChange={(event) => onChange({ initiator: event.target.value })}
      >
        <SelectItem value="" text="Anyone" />
        {!knownInitiator && <SelectItem value={filters.initiator} text={filters.initiator} />}
        {users?.map((user) => (
          <SelectItem key={user.id} value={user.id} text={user.name} />
        ))}
      </Select>
      <Select
        id="events-filter-outcome"
        labelText="Outcome"
        value={filters.outcome}
        onChange={(event) => onChange({ outcome: event.target.value })}
      >
        <SelectItem value="" text="Any outcome" />
        <SelectItem value="success" text="Success" />
        <SelectItem value="failure" text="Failure" />
      </Select>
      <TextInput
        id="events-filter-target"
        labelText="Target"
        placeholder="Key id or CRN"
        value={target}
        onChange={(event) => setTarget(event.target.value)}
        onBlur={flushTarget}
        onKeyDown={(event) => {
          if (event.key === 'Enter') flushTarget();
        }}
      />
      <DateTimeField
        id="events-filter-from"
        labelText="From"
        timeLabelText="From time"
        value={filters.from}
        defaultTime="00:00"
        onChange={(next) => {
          if (next.iso !== undefined) onChange({ from: next.iso });
        }}
      />
      <DateTimeField
        id="events-filter-to"
        labelText="To"
        timeLabelText="To time"
        value={filters.to}
        edge="end"
        defaultTime="23:59"
        onChange={(next) => {
          if (next.iso !== undefined) onChange({ to: next.iso });
        }}
        invalidText={
          rangeBackwards ? 'Ends before it starts: pick a later To, or an earlier From.' : undefined
        }
      />
      <RoutineReadsToggle
        id="events-hide-routine-reads"
        hide={hideRoutineReads}
        onChange={onHideRoutineReads}
      />
      <div className="kw-events-filters__clear">
        <Button
          kind="ghost"
          size="md"
          renderIcon={FilterRemove}
          disabled={!hasFilters(filters)}
          onClick={onClear}
        >
          Clear filters
        </Button>
      </div>
    </div>
  );
}
