/** Any path the console does not have. */
import { Link } from 'react-router';

export function Component() {
  return (
    <section className="kw-empty" aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        There is no page at this address. Go to the <Link to="/keys">keys</Link>.
      </p>
    </section>
  );
}
