/**
 * The dashboard (`/`, SPEC section 15): the current instance at a glance. Keys by state and type,
 * what expires or rotates in the next 30/90 days, operations over a period, buckets by protecting
 * key, and posture checks. Every figure is a link to the list behind it (the keys page with the
 * same filter the engine counted with). The numbers come from one engine call; the charts load
 * in their own chunk after them. Read-only: a Reader sees the same page.
 */
import {
  Button,
  InlineNotification,
  RadioButton,
  RadioButtonGroup,
  SkeletonPlaceholder,
  SkeletonText,
  Tag,
} from '@carbon/react';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../client/error-message';
import { DateTime } from '../../../components/date-time';
import { StateTag } from '../../../components/state-tag';
import type { Dashboard, DashboardRange } from '../../../domain/insights';
import { useDashboard } from '../api/get-dashboard';
import {
  operationsHref,
  stateFigures,
  typeFigures,
  upcomingFigures,
  type Figure,
} from '../figures';
import type { ChartKind } from './dashboard-charts';
import { PostureList } from './posture-list';
import '../dashboard.scss';

const DashboardChart = lazy(() => import('./dashboard-charts'));
const RANGES: { id: DashboardRange; label: string }[] = [
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
];

/**
 * Carbon Charts labels each axis tick's `<g>` with `aria-label`, which ARIA prohibits on an
 * element without a role (axe: aria-prohibited-attr). The chart's own label and the figures
 * beside it carry the information, so the ticks' labels are dropped as they are drawn.
 */
function useTickLabelsRemoved(container: React.RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const strip = () => {
      for (const tick of root.querySelectorAll('g.tick[aria-label]'))
        tick.removeAttribute('aria-label');
    };
    strip();
    const observer = new MutationObserver(strip);
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-label'],
    });
    return () => observer.disconnect();
  }, [container]);
}

function Chart({ kind, dashboard }: { kind: ChartKind; dashboard: Dashboard }) {
  const ref = useRef<HTMLDivElement>(null);
  useTickLabelsRemoved(ref);
  return (
    <div className="kw-dash-chart" ref={ref}>
      <Suspense fallback={<SkeletonPlaceholder className="kw-dash-chart-skeleton" />}>
        <DashboardChart kind={kind} dashboard={dashboard} />
      </Suspense>
    </div>
  );
}

function FigureLink({ figure }: { figure: Figure }) {
  return (
    <Link to={figure.href} className="kw-dash-figure" data-testid={`figure-${figure.id}`}>
      <span className="kw-dash-figure-value">{figure.value.toLocaleString()}</span>
      <span className="kw-dash-figure-label">{figure.label}</span>
    </Link>
  );
}

function Section({
  id,
  title,
  children,
  wide,
}: {
  id: string;
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section
      aria-labelledby={id}
      className={`kw-dash-section${wide ? ' kw-dash-section--wide' : ''}`}
    >
      <h2 id={id} className="kw-section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Component() {
  const [params, setParams] = useSearchParams();
  const rangeParam = params.get('range');
  const range: DashboardRange = RANGES.some((r) => r.id === rangeParam)
    ? (rangeParam as DashboardRange)
    : '7d';
  const dashboard = useDashboard(range);

  return (
    <>
      <h1 className="kw-page-title">Dashboard</h1>
      {dashboard.isPending ? (
        <div className="kw-dash-grid" aria-busy="true" aria-label="Loading the dashboard">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="kw-dash-section">
              <SkeletonText heading width="40%" />
              <SkeletonPlaceholder className="kw-dash-chart-skeleton" />
            </div>
          ))}
        </div>
      ) : dashboard.isError ? (
        <div className="kw-dash-error">
          <InlineNotification
            kind="error"
            title={errorMessage(dashboard.error).title}
            subtitle={errorMessage(dashboard.error).detail}
            hideCloseButton
            lowContrast
          />
          <Button kind="tertiary" size="sm" onClick={() => void dashboard.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <DashboardView
          dashboard={dashboard.data}
          range={range}
          onRange={(next) =>
            setParams((current) => {
              const out = new URLSearchParams(current);
              if (next === '7d') out.delete('range');
              else out.set('range', next);
              return out;
            })
          }
        />
      )}
    </>
  );
}

function DashboardView({
  dashboard: d,
  range,
  onRange,
}: {
  dashboard: Dashboard;
  range: DashboardRange;
  onRange: (range: DashboardRange) => void;
}) {
  const totalKeys = Object.values(d.byState).reduce((n, v) => n + v, 0);
  return (
    <>
      <p className="kw-dash-asof">
        As of <DateTime iso={d.now} /> (engine clock). Every figure opens the list behind it.
      </p>
      <div className="kw-dash-grid">
        <Section id="dash-keys" title="Keys">
          {totalKeys === 0 ? (
            <div className="kw-empty kw-empty--inline">
              <p>This instance has no keys yet.</p>
              <Link to="/keys" className="cds--link">
                Go to Keys to create one
              </Link>
            </div>
          ) : (
            <>
              <div className="kw-dash-figures kw-dash-figures--four">
                {stateFigures(d).map((f) => (
                  <FigureLink key={f.id} figure={f} />
                ))}
              </div>
              <div className="kw-dash-figures">
                {typeFigures(d).map((f) => (
                  <FigureLink key={f.id} figure={f} />
                ))}
              </div>
              <Chart kind="states" dashboard={d} />
            </>
          )}
        </Section>

        <Section id="dash-posture" title="Posture">
          <PostureList checks={d.posture} />
        </Section>

        <Section id="dash-upcoming" title="Coming up" wide>
          <div className="kw-dash-figures kw-dash-figures--four">
            {upcomingFigures(d).map((f) => (
              <FigureLink key={f.id} figure={f} />
            ))}
          </div>
          {d.expiringWithin.d90 + d.rotationsWithin.d90 === 0 ? (
            <div className="kw-empty kw-empty--inline">
              <p>No key expires or is due to rotate in the next 90 days.</p>
            </div>
          ) : (
            <Chart kind="timeline" dashboard={d} />
          )}
        </Section>

        <Section id="dash-operations" title="Operations" wide>
          <RadioButtonGroup
            legendText="Period"
            name="dash-range"
            orientation="horizontal"
            valueSelected={range}
            onChange={(value) => onRange(value as DashboardRange)}
          >
            {RANGES.map((r) => (
              <RadioButton key={r.id} id={`dash-range-${r.id}`} value={r.id} labelText={r.label} />
            ))}
          </RadioButtonGroup>
          <div className="kw-dash-figures">
            <FigureLink
              figure={{
                id: 'ops-success',
                label: 'Successful operations',
                value: d.operationsTotal.successes,
                href: operationsHref(d, 'success'),
              }}
            />
            <FigureLink
              figure={{
                id: 'ops-failure',
                label: 'Refused or failed',
                value: d.operationsTotal.refusals,
                href: operationsHref(d, 'failure'),
              }}
            />
          </div>
          <Chart kind="operations" dashboard={d} />
        </Section>

        <Section id="dash-buckets" title="Buckets by protecting key" wide>
          {d.bucketsByKey.length === 0 ? (
            <div className="kw-empty kw-empty--inline">
              <p>No bucket is protected by a key of this instance.</p>
              <Link to="/buckets" className="cds--link">
                Go to Buckets
              </Link>
            </div>
          ) : (
            <div className="kw-dash-buckets">
              <ul className="kw-dash-bucket-list">
                {d.bucketsByKey.map((b) => (
                  <li key={b.keyId}>
                    <Link to={`/keys/${b.keyId}`} className="cds--link">
                      {b.keyName}
                    </Link>
                    <StateTag state={b.state} />
                    <Tag type="cool-gray" size="sm">
                      {b.buckets} bucket{b.buckets === 1 ? '' : 's'}
                    </Tag>
                  </li>
                ))}
              </ul>
              <Chart kind="bucket-states" dashboard={d} />
            </div>
          )}
        </Section>
      </div>
    </>
  );
}
