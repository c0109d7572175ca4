/**
 * Export: every event of the current filter, fetched from the engine page by page, downloaded as
 * a JSON or CSV file, with the outcome reported in the console's notifications.
 */
import { useMutation } from '@tanstack/react-query';
import type { ListEventsQuery } from '../../../domain/api';
import { useCallContext } from '../../../client/call-context';
import { errorMessage } from '../../../client/error-message';
import { keywardClient } from '../../../client/keyward-client';
import { useNotify } from '../../../components/notifications';
import { eventsToCsv, eventsToJson, exportFileName, fetchAllEvents } from '../export-format';
import { plural } from '../../../components/format';
import { saveBlob } from '../../../components/save-blob';

export type ExportFormat = 'json' | 'csv';

export function useExportEvents() {
  const ctx = useCallContext();
  const notify = useNotify();
  return useMutation({
    mutationFn: async ({ format, query }: { format: ExportFormat; query: ListEventsQuery }) => {
      const events = await fetchAllEvents((q) => keywardClient().listEvents(ctx, q), query);
      const now = new Date();
      const fileName = exportFileName(format, now);
      if (format === 'json') {
        const text = eventsToJson(events, {
          exportedAt: now.toISOString(),
          instanceId: ctx.instanceId,
          filter: query,
        });
        saveBlob(text, fileName, 'application/json');
      } else {
        saveBlob(eventsToCsv(events), fileName, 'text/csv;charset=utf-8');
      }
      return { fileName, count: events.length };
    },
    onSuccess: ({ fileName, count }) =>
      notify({
        kind: 'success',
        title: `Exported ${plural(count, 'event')}`,
        subtitle: fileName,
      }),
    onError: (error) => {
      const message = errorMessage(error);
      notify({ kind: 'error', title: `Export failed: ${message.title}`, subtitle: message.detail });
    },
  });
}
