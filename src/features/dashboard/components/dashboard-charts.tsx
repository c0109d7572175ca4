/**
 * The dashboard's charts, drawn with Carbon Charts in their own lazily loaded chunk (the library
 * and its styles never reach the entry bundle, nor the page's first paint: the figures beside each
 * chart show first). Each chart follows the console's theme; clicking a slice or bar of the key
 * charts opens the keys list behind it.
 */
import {
  ChartTheme,
  DonutChart,
  ScaleTypes,
  SimpleBarChart,
  StackedBarChart,
  TruncationTypes,
  type ChartTabularData,
} from '@carbon/charts-react';
import '@carbon/charts-react/styles.css';
import { useTheme } from '@carbon/react';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import type { Dashboard } from '../../../domain/insights';
import { STATE_LABELS, type KeyState } from '../../../domain/key-state';
import { keysListHref } from '../../../client/keys-list-href';
import { STATE_CHART_COLOURS } from '../../../components/state-tag';

export type ChartKind = 'states' | 'timeline' | 'operations' | 'bucket-states';

const STATES: KeyState[] = [1, 2, 3, 5];
const STATE_BY_LABEL = new Map(STATES.map((s) => [STATE_LABELS[s], s]));

function useChartTheme(): ChartTheme {
  const { theme } = useTheme();
  return theme === 'g100' || theme === 'g90' ? ChartTheme.G100 : ChartTheme.WHITE;
}

/**
 * Legends show whole names: Carbon Charts cuts them after 16 characters by default, so
 * "Scheduled rotations" read "Scheduled rota…".
 */
const LEGEND = { truncation: { type: TruncationTypes.NONE } };

/** Calls `onGroup` with the group (legend entry) of a clicked slice or bar. */
function useGroupClicks(
  chart: React.RefObject<{ chart?: { services: { events: EventTarget } } } | null>,
  event: 'pie-slice-click' | 'bar-click',
  onGroup: (group: string) => void,
) {
  const handler = useRef(onGroup);
  useEffect(() => {
    handler.current = onGroup;
  });
  useEffect(() => {
    const events = chart.current?.chart?.services.events;
    if (!events) return;
    const listener = (e: Event) => {
      const detail = (e as CustomEvent<{ datum?: { data?: { group?: string }; group?: string } }>)
        .detail;
      const group = detail.datum?.data?.group ?? detail.datum?.group;
      if (group) handler.current(group);
    };
    events.addEventListener(event, listener);
    return () => events.removeEventListener(event, listener);
  }, [chart, event]);
}

export default function DashboardChart({
  kind,
  dashboard,
}: {
  kind: ChartKind;
  dashboard: Dashboard;
}) {
  const theme = useChartTheme();
  switch (kind) {
    case 'states':
      return <StatesChart dashboard={dashboard} theme={theme} />;
    case 'timeline':
      return <TimelineChart dashboard={dashboard} theme={theme} />;
    case 'operations':
      return <OperationsChart dashboard={dashboard} theme={theme} />;
    case 'bucket-states':
      return <BucketStatesChart dashboard={dashboard} theme={theme} />;
  }
}

interface ChartProps {
  dashboard: Dashboard;
  theme: ChartTheme;
}

function StatesChart({ dashboard, theme }: ChartProps) {
  const navigate = useNavigate();
  const ref = useRef<DonutChart>(null);
  useGroupClicks(ref, 'pie-slice-click', (group) => {
    const state = STATE_BY_LABEL.get(group);
    if (state) void navigate(keysListHref({ state: [state] }));
  });
  const data: ChartTabularData = STATES.map((s) => ({
    group: STATE_LABELS[s],
    value: dashboard.byState[s] ?? 0,
  }));
  return (
    <DonutChart
      ref={ref}
      data={data}
      options={{
        title: 'Keys by state',
        theme,
        height: '260px',
        resizable: true,
        donut: { center: { label: 'Keys' }, alignment: 'center' },
        legend: { ...LEGEND, alignment: 'center' },
        color: { scale: STATE_CHART_COLOURS },
        toolbar: { enabled: false },
        accessibility: { svgAriaLabel: 'Keys by state' },
      }}
    />
  );
}

function TimelineChart({ dashboard, theme }: ChartProps) {
  const data: ChartTabularData = dashboard.timeline.flatMap((d) => [
    ...(d.expirations
      ? [{ group: 'Expirations', date: `${d.day}T00:00:00Z`, value: d.expirations }]
      : []),
    ...(d.rotations
      ? [{ group: 'Scheduled rotations', date: `${d.day}T00:00:00Z`, value: d.rotations }]
      : []),
  ]);
  const first = dashboard.timeline[0]?.day;
  const last = dashboard.timeline[dashboard.timeline.length - 1]?.day;
  return (
    <StackedBarChart
      data={data}
      options={{
        title: 'Next 90 days, by day',
        theme,
        height: '260px',
        resizable: true,
        toolbar: { enabled: false },
        axes: {
          left: { mapsTo: 'value', stacked: true, title: 'Keys', ticks: { formatter: whole } },
          bottom: {
            mapsTo: 'date',
            scaleType: ScaleTypes.TIME,
            ...(first && last
              ? { domain: [new Date(`${first}T00:00:00Z`), new Date(`${last}T23:59:59Z`)] }
              : {}),
          },
        },
        timeScale: { addSpaceOnEdges: 1 },
        legend: LEGEND,
        data: { groupMapsTo: 'group' },
        accessibility: { svgAriaLabel: 'Expirations and scheduled rotations in the next 90 days' },
      }}
    />
  );
}

function OperationsChart({ dashboard, theme }: ChartProps) {
  const data: ChartTabularData = dashboard.operations.flatMap((b) => [
    { group: 'Successes', date: b.start, value: b.successes },
    { group: 'Refusals', date: b.start, value: b.refusals },
  ]);
  return (
    <StackedBarChart
      data={data}
      options={{
        title: `Operations, ${dashboard.range === '24h' ? 'by hour' : 'by day'}`,
        theme,
        height: '260px',
        resizable: true,
        toolbar: { enabled: false },
        axes: {
          left: { mapsTo: 'value', stacked: true, title: 'Events', ticks: { formatter: whole } },
          bottom: { mapsTo: 'date', scaleType: ScaleTypes.TIME },
        },
        color: { scale: { Successes: '#24a148', Refusals: '#da1e28' } },
        legend: LEGEND,
        accessibility: { svgAriaLabel: 'Operations over time: successes and refusals' },
      }}
    />
  );
}

function BucketStatesChart({ dashboard, theme }: ChartProps) {
  const data: ChartTabularData = STATES.map((s) => ({
    group: STATE_LABELS[s],
    value: dashboard.bucketsByKeyState[s] ?? 0,
  }));
  return (
    <SimpleBarChart
      data={data}
      options={{
        title: "Buckets by their key's state",
        theme,
        height: '220px',
        resizable: true,
        toolbar: { enabled: false },
        axes: {
          left: { mapsTo: 'group', scaleType: ScaleTypes.LABELS },
          bottom: { mapsTo: 'value', title: 'Buckets', ticks: { formatter: whole } },
        },
        color: { scale: STATE_CHART_COLOURS },
        accessibility: { svgAriaLabel: 'Buckets by the state of the key that protects them' },
      }}
    />
  );
}

/** Axis ticks of counts: whole numbers only. */
function whole(value: unknown): string {
  const n = Number(value);
  return Number.isInteger(n) ? String(n) : '';
}
