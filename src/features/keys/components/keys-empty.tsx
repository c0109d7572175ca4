/**
 * What the keys page says when it has no rows to show: an instance with no keys at all (create
 * one), one whose only keys are deleted (they stay restorable for 30 days: show them), and a
 * search or filter that matches nothing (clear it).
 */
import { Button } from '@carbon/react';
import type { ReactNode } from 'react';
import { formatCount } from '../../../components/format';

export function NoKeysYet({ createButton }: { createButton: ReactNode }) {
  return (
    <section className="kw-empty" aria-labelledby="no-keys">
      <h2 id="no-keys">No keys yet</h2>
      <p>
        Create a root key to protect data encryption keys, or a standard key to hold a secret. Keys
        you create appear here.
      </p>
      {createButton}
    </section>
  );
}

export function OnlyDeletedKeys({ count, onShow }: { count: number; onShow: () => void }) {
  return (
    <div className="kw-empty kw-empty--inline">
      <p>
        No enabled, disabled or expired keys. {formatCount(count)} deleted key
        {count === 1 ? ' is' : 's are'} kept for 30 days and can be restored until then.
      </p>
      <Button kind="tertiary" size="sm" onClick={onShow}>
        Show deleted keys
      </Button>
    </div>
  );
}

export function NoKeysMatch({ onClear }: { onClear: () => void }) {
  return (
    <div className="kw-empty kw-empty--inline">
      <p>No keys match these filters.</p>
      <Button kind="tertiary" size="sm" onClick={onClear}>
        Clear search and filters
      </Button>
    </div>
  );
}
