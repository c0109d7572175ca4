/**
 * The console's header as it looks before anything is known (no instance, no user): the same
 * markup index.html paints before the entry script runs, rendered by the router while the shell's
 * chunk loads, so the page never goes blank between the static paint and the shell (issue 16:
 * first contentful paint is the stylesheet and this markup, not the entry's parse and render).
 */
import { useTheme } from './theme';

export function BootHeader() {
  const theme = useTheme();
  return (
    <div className={`kw-app cds--${theme} cds--layer-one`}>
      <header aria-label="Keyward" className="cds--header">
        <a className="cds--header__name" href="/">
          <span>Keyward</span>
        </a>
      </header>
    </div>
  );
}
