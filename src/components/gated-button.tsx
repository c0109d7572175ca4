/**
 * A button the acting user may or may not use. When the engine says no, the button stays visible
 * but disabled, and a tooltip (also announced to screen readers) names the role that would allow it.
 */
import { Button, Tooltip, type ButtonProps } from '@carbon/react';
import { useId, type ReactNode } from 'react';
import type { Permission } from '../domain/types';

type GatedButtonProps = ButtonProps<'button'> & {
  permission: Permission | undefined;
  /** The permission check itself failed: the button stays disabled and says why. */
  error?: unknown;
  children: ReactNode;
};

/** The content area beside the side navigation (the shell's <Content>), when it is there. */
function contentArea(): Element | undefined {
  return document.getElementById('main-content') ?? undefined;
}

export function GatedButton({ permission, error, children, ...buttonProps }: GatedButtonProps) {
  const reasonId = useId();
  if (permission?.allowed) return <Button {...buttonProps}>{children}</Button>;
  const reason = permission
    ? (permission.reason ?? `This needs the ${permission.needs ?? 'required'} role.`)
    : error
      ? `Could not check what you may do: ${error instanceof Error ? error.message : String(error)}`
      : 'Checking what you may do…';
  return (
    // Placed by Carbon's floating alignment inside the page's content area: it flips to whichever
    // side fits, so it never slides under the side navigation or past the window's edge, and it
    // is not clipped by a table's scrolling container.
    <Tooltip label={reason} align="bottom-end" autoAlign autoAlignBoundary={contentArea()}>
      <span className="kw-gated" tabIndex={0} aria-describedby={reasonId}>
        <Button {...buttonProps} disabled>
          {children}
        </Button>
        <span id={reasonId} hidden>
          {reason}
        </span>
      </span>
    </Tooltip>
  );
}
