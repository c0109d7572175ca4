/** The results of wrap, unwrap and rewrap: a titled region of copyable snippets. */
import { CodeSnippet, Stack } from '@carbon/react';
import type { ReactNode } from 'react';

export function Result({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="kw-result" aria-label={title}>
      <h4 className="kw-subheading">{title}</h4>
      <Stack gap={4}>{children}</Stack>
    </section>
  );
}

export function Snippet({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <p className="cds--label">{label}</p>
      <CodeSnippet
        type="multi"
        wrapText
        feedback="Copied"
        copyButtonDescription={`Copy the ${label.toLowerCase()}`}
        aria-label={label}
      >
        {value}
      </CodeSnippet>
    </div>
  );
}
