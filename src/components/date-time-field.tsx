/**
 * One date-and-time field: Carbon's single date picker (a calendar, or type YYYY-MM-DD) beside a
 * 24-hour HH:MM time field. It holds what the engine takes, an ISO instant (or '' for none), and
 * reports each change as that instant or as what is wrong with the typed text (the field shows
 * it). Parsing and combining the parts: ./date-time-parts.ts.
 */
import { DatePicker, DatePickerInput, TimePicker, useTheme } from '@carbon/react';
import { useState } from 'react';
import {
  combineParts,
  dateProblem,
  localDateOf,
  normalTime,
  partsOf,
  timeProblem,
  type Combined,
  type DateTimeParts,
  type MinuteEdge,
} from './date-time-parts';
import './date-time-field.scss';

interface DateTimeFieldProps {
  id: string;
  labelText: string;
  timeLabelText: string;
  /** An ISO instant, or '' for none. */
  value: string;
  /** Each change: the new instant ('' when cleared), or the problem the field now shows. */
  onChange: (next: Combined) => void;
  /** Which instant of the chosen minute the value takes (a range's end takes its last). */
  edge?: MinuteEdge;
  /** The time a date without one takes (`HH:MM`). */
  defaultTime?: string;
  helperText?: string;
  /** What the caller finds wrong with the value (shown under the date), e.g. a past date. */
  invalidText?: string;
}

export function DateTimeField({
  id,
  labelText,
  timeLabelText,
  value,
  onChange,
  edge = 'start',
  defaultTime = '00:00',
  helperText,
  invalidText,
}: DateTimeFieldProps) {
  const { theme } = useTheme();
  const [parts, setParts] = useState<DateTimeParts>(() => partsOf(value));
  const [shownValue, setShownValue] = useState(value);
  const [timeTouched, setTimeTouched] = useState(false);
  // A value changed from outside (cleared filters, back and forward) replaces the drafts.
  if (value !== shownValue) {
    setShownValue(value);
    if (combineParts(parts, { edge, defaultTime }).iso !== value) setParts(partsOf(value));
  }

  function commit(next: DateTimeParts) {
    setParts(next);
    const combined = combineParts(next, { edge, defaultTime });
    if (combined.iso !== undefined) setShownValue(combined.iso);
    onChange(combined);
  }

  const dateWrong = dateProblem(parts.date);
  const timeWrong = timeTouched ? timeProblem(parts.time) : undefined;
  const missingDate =
    timeTouched && parts.date === '' && parts.time.trim() !== ''
      ? 'Pick a date as well, or clear the time.'
      : undefined;
  const dateText = dateWrong ?? missingDate ?? invalidText;

  return (
    <div className="kw-date-time">
      <DatePicker
        datePickerType="single"
        dateFormat="Y-m-d"
        className="kw-date-time__date"
        value={dateWrong ? undefined : parts.date}
        // Strict: a day that does not exist (2026-02-30) is not rolled over into the next month.
        parseDate={(text: string) => {
          const date = text.trim();
          if (dateProblem(date) || date === '') return false;
          const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
          return new Date(y, m - 1, d);
        }}
        onChange={(dates) => {
          const picked = dates[0];
          commit({
            date: picked ? localDateOf(picked) : '',
            time: picked && parts.time === '' ? defaultTime : parts.time,
          });
        }}
        onOpen={(_dates, _text, calendar) => {
          // The calendar hangs off <body>, outside the page's <Theme>: give it the theme's tokens.
          const box = calendar.calendarContainer;
          box.classList.remove('cds--white', 'cds--g10', 'cds--g90', 'cds--g100');
          box.classList.add(`cds--${theme ?? 'white'}`, 'kw-date-time__calendar');
        }}
      >
        <DatePickerInput
          id={`${id}-date`}
          labelText={labelText}
          placeholder="yyyy-mm-dd"
          pattern="\d{4}-\d{2}-\d{2}"
          helperText={helperText}
          invalid={dateText !== undefined}
          invalidText={dateText}
          onBlur={(event) => {
            // Typed text the calendar could not read stays, and says what is wrong.
            const typed = event.target.value.trim();
            if (typed === parts.date) return;
            if (typed === '' || dateProblem(typed)) commit({ ...parts, date: typed });
          }}
        />
      </DatePicker>
      <TimePicker
        id={`${id}-time`}
        className="kw-date-time__time"
        labelText={timeLabelText}
        placeholder="hh:mm"
        pattern="([01]?[0-9]|2[0-3]):[0-5][0-9]"
        value={parts.time}
        invalid={timeWrong !== undefined}
        invalidText={timeWrong}
        onChange={(event) => {
          const time = event.target.value;
          setTimeTouched(false);
          // A whole HH:MM counts at once; anything shorter waits for the field to be left.
          if (/^\d\d:\d\d$/.test(time) && !timeProblem(time) && parts.date !== '')
            commit({ ...parts, time });
          else setParts({ ...parts, time });
        }}
        onBlur={() => {
          setTimeTouched(true);
          commit({ ...parts, time: normalTime(parts.time) });
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            setTimeTouched(true);
            commit({ ...parts, time: normalTime(parts.time) });
          }
        }}
      />
    </div>
  );
}
