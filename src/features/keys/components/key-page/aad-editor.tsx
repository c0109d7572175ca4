/**
 * Additional authenticated data as a list editor: add and remove items, each checked against the
 * engine's limit. AAD is not stored; it must be given again, identically and in order, to unwrap.
 */
import { Button, IconButton, TextInput } from '@carbon/react';
import { Add, Subtract } from '@carbon/icons-react';
import { LIMITS } from '../../../../domain/validation';

export interface AadItem {
  id: number;
  value: string;
}

export function aadValues(items: readonly AadItem[]): string[] {
  return items.map((item) => item.value);
}

export function aadProblem(items: readonly AadItem[]): string | undefined {
  return items.some((item) => item.value.length > LIMITS.aadItemMax)
    ? `Each AAD item can have at most ${LIMITS.aadItemMax} characters.`
    : undefined;
}

interface AadEditorProps {
  /** Distinguishes the inputs of several editors on one page: "wrap", "unwrap". */
  idPrefix: string;
  items: AadItem[];
  onChange: (items: AadItem[]) => void;
}

export function AadEditor({ idPrefix, items, onChange }: AadEditorProps) {
  return (
    <fieldset className="kw-aad">
      <legend className="cds--label">Additional authenticated data (optional)</legend>
      <p className="kw-helper">
        A list of strings bound to the ciphertext; unwrapping needs the same list, in the same
        order. Not stored anywhere.
      </p>
      {items.map((item, index) => (
        <div className="kw-aad-row" key={item.id}>
          <TextInput
            id={`${idPrefix}-aad-${item.id}`}
            labelText={`AAD item ${index + 1}`}
            size="md"
            value={item.value}
            onChange={(e) =>
              onChange(items.map((i) => (i.id === item.id ? { ...i, value: e.target.value } : i)))
            }
            invalid={item.value.length > LIMITS.aadItemMax}
            invalidText={`Use at most ${LIMITS.aadItemMax} characters (this has ${item.value.length}).`}
          />
          <IconButton
            kind="ghost"
            size="md"
            label={`Remove AAD item ${index + 1}`}
            align="left"
            onClick={() => onChange(items.filter((i) => i.id !== item.id))}
          >
            <Subtract />
          </IconButton>
        </div>
      ))}
      <Button
        kind="ghost"
        size="sm"
        renderIcon={Add}
        onClick={() =>
          // Ids stay unique even when the items were copied in from another editor.
          onChange([...items, { id: Math.max(0, ...items.map((i) => i.id)) + 1, value: '' }])
        }
      >
        Add AAD item
      </Button>
    </fieldset>
  );
}
