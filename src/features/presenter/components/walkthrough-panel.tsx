/**
 * The guided walkthrough panel (SPEC section 16): the steps of the walkthrough in progress, each
 * saying what to do and why, with a link to where it is done. Steps tick themselves off from the
 * engine's events (the `getWalkthrough` read, refreshed by every change notice), so a step done
 * another way or in another tab counts; progress lives with the account and survives a reload.
 * On a wide screen a column beside the page; on a narrow one a sheet along the bottom that keeps
 * the step to do next in view (presenter.scss), and either can be hidden to a button.
 */
import { Button } from '@carbon/react';
import { CheckmarkFilled, RadioButton } from '@carbon/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { CallContext } from '../../../domain/api';
import { useEndWalkthrough, useStartWalkthrough, useWalkthrough } from '../api/presenter-calls';
import '../presenter.scss';

const COLLAPSED_KEY = 'keyward.walkthrough.collapsed';

export function WalkthroughPanel({ ctx }: { ctx: CallContext }) {
  const query = useWalkthrough(ctx);
  const restart = useStartWalkthrough(ctx);
  const end = useEndWalkthrough(ctx);
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1');
  const panel = useRef<HTMLElement>(null);
  const currentStep = useRef<HTMLLIElement>(null);
  const walkthrough = query.data?.walkthrough;
  const currentId = walkthrough?.steps.find((s) => !s.done)?.id;
  // The step to do next stays in view as steps tick off (the sheet shows only a few at once).
  useEffect(() => {
    const box = panel.current;
    const step = currentStep.current;
    if (!box || !step) return;
    const top = step.offsetTop;
    if (top < box.scrollTop || top + step.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = Math.max(0, top - box.clientHeight / 4);
  }, [currentId, collapsed]);
  if (!walkthrough) return null;
  const done = walkthrough.steps.filter((s) => s.done).length;
  const current = walkthrough.steps.find((s) => !s.done);
  const collapse = (value: boolean) => {
    localStorage.setItem(COLLAPSED_KEY, value ? '1' : '0');
    setCollapsed(value);
  };

  if (collapsed)
    return (
      <div className="kw-walkthrough-collapsed">
        <Button size="sm" onClick={() => collapse(false)}>
          Walkthrough: {done} of {walkthrough.steps.length} done
        </Button>
      </div>
    );

  return (
    <aside ref={panel} className="kw-walkthrough" aria-labelledby="kw-walkthrough-title">
      <div className="kw-walkthrough-head">
        <h2 id="kw-walkthrough-title" className="kw-walkthrough-title">
          Walkthrough: {walkthrough.title}
        </h2>
        <Button kind="ghost" size="sm" onClick={() => collapse(true)}>
          Hide
        </Button>
      </div>
      <p className="kw-walkthrough-progress" aria-live="polite" data-testid="walkthrough-progress">
        {walkthrough.complete
          ? `All ${walkthrough.steps.length} steps done.`
          : `${done} of ${walkthrough.steps.length} steps done`}
      </p>
      <ol className="kw-walkthrough-steps">
        {walkthrough.steps.map((step, i) => (
          <li
            key={step.id}
            ref={step === current ? currentStep : undefined}
            className="kw-walkthrough-step"
            data-done={step.done}
            data-current={step === current}
            data-testid={`walkthrough-step-${step.id}`}
          >
            {step.done ? (
              <CheckmarkFilled size={16} aria-label="Done" />
            ) : (
              <RadioButton size={16} aria-label="Not done yet" />
            )}
            <div>
              <h3 className="kw-walkthrough-step-title">
                {i + 1}. {step.title}
              </h3>
              <p>{step.what}</p>
              <p className="kw-walkthrough-why">{step.why}</p>
              {step.doneBy ? (
                <p className="kw-walkthrough-why">
                  Done by {step.doneBy.initiator}, {new Date(step.doneBy.time).toLocaleString()}.
                </p>
              ) : (
                <p>
                  <Link className="cds--link" to={step.href}>
                    {step.linkText}
                  </Link>
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
      <div className="kw-walkthrough-actions">
        <Button
          kind="tertiary"
          size="sm"
          disabled={restart.isPending}
          onClick={() => restart.mutate(walkthrough.id)}
        >
          Restart
        </Button>
        <Button kind="ghost" size="sm" disabled={end.isPending} onClick={() => end.mutate()}>
          Close walkthrough
        </Button>
      </div>
    </aside>
  );
}
