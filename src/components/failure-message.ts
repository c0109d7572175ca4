/**
 * A failed engine call in the words the console shows (`errorMessage`), with the dates inside
 * the engine's message in the console's date format: the API writes ISO instants, people read
 * "Dec 2, 2026, 4:46:52 PM".
 */
import { errorMessage, type ErrorMessage } from '../client/error-message';
import { formatDatesIn } from './format';

export function failureMessage(error: unknown): ErrorMessage {
  const { title, detail } = errorMessage(error);
  return { title, detail: formatDatesIn(detail) };
}
