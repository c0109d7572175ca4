/** One threshold of the crypto units: how many of the `admins` administrators must sign. */
import { NumberInput } from '@carbon/react';

interface ThresholdFieldProps {
  id: string;
  label: string;
  /** What the number counts, e.g. "Signatures each ceremony command needs". */
  counts: string;
  admins: number;
  value: number;
  disabled?: boolean | undefined;
  onChange: (value: number) => void;
}

export function ThresholdField({
  id,
  label,
  counts,
  admins,
  value,
  disabled,
  onChange,
}: ThresholdFieldProps) {
  const max = Math.max(1, admins);
  return (
    <NumberInput
      id={id}
      label={label}
      helperText={`${counts} (1–${max}).`}
      min={1}
      max={max}
      value={value}
      disabled={disabled}
      onChange={(_event, { value: next }) => onChange(Number(next))}
    />
  );
}
