/** Export CSV on the keys table: every key of the current search and filters, as a file. */
import { useMutation } from '@tanstack/react-query';
import type { ListKeysQuery } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { failureMessage } from '../../../components/failure-message';
import { keywardClient } from '../../../client/keyward-client';
import { plural } from '../../../components/format';
import { useNotify } from '../../../components/notifications';
import { saveBlob } from '../../../components/save-blob';
import { fetchAllKeys, keysFileName, keysToCsv } from '../keys-export';

export function useExportKeys() {
  const ctx = useCallContext();
  const notify = useNotify();
  return useMutation({
    mutationFn: async (query: ListKeysQuery) => {
      const keys = await fetchAllKeys((q) => keywardClient().listKeys(ctx, q), query);
      const fileName = keysFileName(new Date());
      saveBlob(keysToCsv(keys), fileName, 'text/csv;charset=utf-8');
      return { fileName, count: keys.length };
    },
    onSuccess: ({ fileName, count }) =>
      notify({ kind: 'success', title: `Exported ${plural(count, 'key')}`, subtitle: fileName }),
    onError: (error) => {
      const message = failureMessage(error);
      notify({ kind: 'error', title: `Export failed: ${message.title}`, subtitle: message.detail });
    },
  });
}
