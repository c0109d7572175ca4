/** Change notices from every tab's engine (including this tab's), for refreshing the console. */
import { CHANGE_CHANNEL, type ChangeNotice } from '../domain/notices';

export function onEngineChange(listener: (notice: ChangeNotice) => void): () => void {
  const channel = new BroadcastChannel(CHANGE_CHANNEL);
  channel.onmessage = (event: MessageEvent<ChangeNotice>) => listener(event.data);
  return () => channel.close();
}
