import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ThresholdField } from './threshold-field';

describe('ThresholdField', () => {
  it('says what it counts and its range, 1 to the number of administrators', () => {
    render(
      <ThresholdField
        id="t"
        label="Signature threshold"
        counts="Signatures each ceremony command needs"
        admins={3}
        value={2}
        onChange={vi.fn()}
      />,
    );
    const input = screen.getByLabelText<HTMLInputElement>('Signature threshold');
    expect(input.min).toBe('1');
    expect(input.max).toBe('3');
    expect(input.value).toBe('2');
    expect(screen.getByText('Signatures each ceremony command needs (1–3).')).toBeTruthy();
  });

  it('with no administrator yet the range is still 1–1', () => {
    render(
      <ThresholdField
        id="t"
        label="Revocation threshold"
        counts="Signatures removing an administrator needs"
        admins={0}
        value={1}
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText('Signatures removing an administrator needs (1–1).')).toBeTruthy();
  });
});
