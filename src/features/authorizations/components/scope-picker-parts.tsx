/** Parts of the scope pickers: a key as its option shows it, and a listing that failed. */
import { STATE_LABELS } from '../../../domain/key-state';
import { errorMessage } from '../../../client/error-message';
import { FailureNotice } from '../../../components/failure-notice';
import type { KeyChoice } from '../authorization-draft';

/** The target's rings or keys could not be listed (e.g. no role on the instance to read them). */
export function ListingFailed({ error, what }: { error: Error; what: string }) {
  return (
    <div>
      <FailureNotice failure={errorMessage(error)} />
      <p className="kw-muted">
        The {what} are listed as you may read them. Choose all keys of the instance, or ask for a
        role on it.
      </p>
    </div>
  );
}

export function KeyItem({ k }: { k: KeyChoice }) {
  return (
    <span className="kw-key-choice">
      <span className="kw-key-choice__name">{k.name}</span>
      <span className="kw-key-choice__meta">
        {k.aliases.length > 0 ? `Alias ${k.aliases.join(', ')}` : 'No alias'} ·{' '}
        {STATE_LABELS[k.state]}
      </span>
    </span>
  );
}
