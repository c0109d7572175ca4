/** Turns a mutation's outcome into the console's toasts: success in words, refusal in the engine's. */
import { failureMessage } from '../../../../components/failure-message';
import { useNotify } from '../../../../components/notifications';

export function useActionFeedback() {
  const notify = useNotify();
  return {
    succeeded: (title: string, subtitle?: string) =>
      notify({ kind: 'success', title, ...(subtitle ? { subtitle } : {}) }),
    failed: (error: unknown) => {
      const message = failureMessage(error);
      notify({ kind: 'error', title: message.title, subtitle: message.detail });
    },
  };
}
