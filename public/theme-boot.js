/* global document -- a classic script run by the page before the first paint */
// Before the first paint: the static header in index.html takes the theme the console
// remembers (src/app/theme.ts), so a dark console does not flash light while its script loads.
// A file, not an inline script: the Content-Security-Policy allows only 'self' scripts.
try {
  if (localStorage.getItem('keyward.theme') === 'g100')
    document.getElementById('kw-boot')?.classList.replace('cds--white', 'cds--g100');
} catch {
  // Storage unavailable: the light header stays until the console renders.
}
