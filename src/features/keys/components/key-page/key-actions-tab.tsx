/**
 * Envelope encryption with a root key, by hand: wrap (a DEK of the user's or one the engine
 * generates), unwrap and rewrap, each with an AAD list; results in copyable snippets; and the
 * ciphertext inspector. Gated by the user's role and by the key's state (envelope-form.ts: an
 * Expired key unwraps but never wraps).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Key, Permissions } from '../../../../domain/types';
import { useCallContext } from '../../../../client/call-context';
import { engineQuery } from '../../../../client/engine-query';
import { CiphertextInspector } from './ciphertext-inspector';
import { envelopeGates } from './envelope-form';
import { UnwrapPanel, type UnwrapInput } from './unwrap-panel';
import { WrapPanel } from './wrap-panel';

interface KeyActionsTabProps {
  keyData: Key;
  permissions: Permissions | undefined;
}

export function KeyActionsTab({ keyData: key, permissions }: KeyActionsTabProps) {
  const ctx = useCallContext();
  const versions = useQuery(engineQuery('getKeyVersions', ctx, key.id)).data?.versions;
  const [unwrapInput, setUnwrapInput] = useState<UnwrapInput>({ ciphertext: '', aad: [] });
  const [inspected, setInspected] = useState('');
  const gates = envelopeGates(key, permissions);

  return (
    <div className="kw-actions-grid">
      <WrapPanel
        keyData={key}
        versions={versions}
        permission={gates.wrap}
        onUseForUnwrap={(ciphertext, aad) => setUnwrapInput({ ciphertext, aad })}
        onInspect={setInspected}
      />
      <UnwrapPanel
        keyData={key}
        versions={versions}
        gates={gates}
        input={unwrapInput}
        onInput={setUnwrapInput}
      />
      <section aria-labelledby="inspect-title" className="kw-panel kw-panel--wide">
        <h2 id="inspect-title" className="kw-section-title">
          Ciphertext inspector
        </h2>
        <CiphertextInspector
          keyData={key}
          versions={versions}
          value={inspected}
          onChange={setInspected}
        />
      </section>
    </div>
  );
}
