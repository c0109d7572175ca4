/**
 * The switch that hides routine reads (the successful list and metadata reads the console makes
 * to draw its pages), with what it hides said beside it: the events page and a key's history.
 * The engine leaves them out (`listEvents({ routineReads: false })`), so pages and counts are
 * exact; the caller keeps the setting in its URL (./routine-reads-param.ts).
 */
import { Toggle } from '@carbon/react';
import './routine-reads-toggle.scss';

interface RoutineReadsToggleProps {
  id: string;
  hide: boolean;
  onChange: (hide: boolean) => void;
  className?: string;
}

export function RoutineReadsToggle({ id, hide, onChange, className }: RoutineReadsToggleProps) {
  return (
    <div className={['kw-routine-reads', className].filter(Boolean).join(' ')}>
      <Toggle
        id={id}
        labelText="Hide routine reads"
        labelA="Off"
        labelB="On"
        toggled={hide}
        onToggle={onChange}
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} className="kw-routine-reads__help">
        Successful list and metadata reads the console makes to draw its pages. Refusals always
        show.
      </p>
    </div>
  );
}
