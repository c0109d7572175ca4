/** The banner under the key page's header for what is pending on the key (status-text.ts). */
import { InlineNotification } from '@carbon/react';
import type { Key } from '../../../../domain/types';
import { useEngineNow, useUserName } from '../../../../client/session-query';
import { statusBanner } from './status-text';

export function StatusBanners({ keyData: key }: { keyData: Key }) {
  const banner = statusBanner(key, useEngineNow(), useUserName());
  if (!banner) return null;
  return (
    <InlineNotification
      kind={banner.kind}
      title={banner.title}
      subtitle={banner.subtitle}
      hideCloseButton
      lowContrast
      className="kw-banner"
    />
  );
}
