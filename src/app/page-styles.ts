/**
 * The stylesheet of every page beyond the first screen (./pages.scss): imported with those routes'
 * modules (see app.tsx), so the entry carries only what the shell and the dashboard need.
 */
import './pages.scss';

export const PAGE_STYLES = true;
