/**
 * The dashboard's posture checks: each passes or needs attention, and its count links to the
 * list of exactly the keys (or the users) behind it.
 */
import { CheckmarkFilled, WarningAltFilled } from '@carbon/icons-react';
import { Link } from 'react-router';
import { formatCount } from '../../../components/format';
import type { PostureCheck } from '../../../domain/insights';
import { postureDetail, postureHref, POSTURE_TEXT } from '../figures';

export function PostureList({ checks }: { checks: readonly PostureCheck[] }) {
  return (
    <ul className="kw-dash-posture">
      {checks.map((check) => (
        <li key={check.id} data-testid={`posture-${check.id}`}>
          {check.ok ? (
            <CheckmarkFilled className="kw-dash-ok" aria-label="Passes" />
          ) : (
            <WarningAltFilled className="kw-dash-warn" aria-label="Needs attention" />
          )}
          <div>
            <Link to={postureHref(check)} className="cds--link">
              {POSTURE_TEXT[check.id].title}:{' '}
              <strong data-testid="posture-count">{formatCount(check.count)}</strong>
            </Link>
            <p className="kw-dash-posture-what">{postureDetail(check)}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
