// The guided tour: a narration panel for scenarios that carry a `tour`. The playground plays until the
// next step's virtual time, pauses there and shows the step; Continue plays on, Previous goes back to the
// previous step's time. After the last step comes "what just happened" with the Kafka rule. Scenario text
// is rendered as text only (React escapes it): a shared link cannot inject markup.
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/index';
import type { Driver } from '../data/driver';
import type { Tour } from '../../scenario/schema';
import { formatTime } from '../timeline/format';
import './tours.css';

/** Where the tour is: `shown` is -1 before the first step, a step index, or steps.length (the end). */
interface TourState {
  shown: number;
  /** Playing on towards the next step. */
  heading: boolean;
}

function Narration({ tour, driver }: { tour: Tour; driver: Driver }) {
  const steps = tour.steps;
  const [st, setSt] = useState<TourState>({ shown: -1, heading: true });
  const stRef = useRef(st);
  stRef.current = st;
  const continueRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (tour.speed !== undefined) driver.setSpeed(tour.speed);
    // From the step shown (kept when the run moves to another engine), not from the start again.
    const { shown } = stRef.current;
    let last = shown >= 0 ? steps[Math.min(shown, steps.length - 1)]!.at : -1;
    // Pause at a step when playback crosses its time (a seek or a scrub never does: it is not playing).
    return driver.onTick((time, frameVirtualMs) => {
      const prev = last;
      last = time;
      if (frameVirtualMs <= 0) return;
      const j = steps.findIndex((s) => s.at > prev && s.at <= time);
      if (j < 0) return;
      driver.pause();
      if (time > steps[j]!.at) driver.seek(steps[j]!.at);
      last = steps[j]!.at;
      setSt({ shown: j, heading: false });
    });
  }, [driver, tour, steps]);

  const goTo = (i: number) => {
    driver.pause();
    driver.seek(steps[i]!.at);
    setSt({ shown: i, heading: false });
  };
  const next = () => {
    const { shown, heading } = stRef.current;
    if (shown >= steps.length) return;
    if (shown === steps.length - 1) {
      driver.pause();
      setSt({ shown: steps.length, heading: false });
      return;
    }
    // Already playing towards the next step: skip the wait.
    if (heading || useStore.getState().playback.playing) goTo(shown + 1);
    else {
      setSt({ shown, heading: true });
      driver.play();
    }
  };
  const previous = () => {
    const { shown } = stRef.current;
    if (shown <= 0) return;
    goTo(Math.min(shown, steps.length) - 1);
  };

  const { shown, heading } = st;
  const atEnd = shown >= steps.length;
  const step = shown >= 0 && !atEnd ? steps[shown]! : null;
  const position = atEnd ? steps.length : shown + 1;
  return (
    <section className="tour" aria-label="Guided tour" aria-live="polite">
      <div className="tour-head">
        <progress
          max={steps.length}
          value={Math.max(0, position)}
          aria-label={`Tour progress: step ${Math.max(0, position)} of ${steps.length}`}
        />
        <span className="tour-count">
          {atEnd ? 'What just happened' : `Step ${Math.max(1, position)} of ${steps.length}`}
          {step && <span className="tour-time"> · at {formatTime(step.at)}</span>}
        </span>
      </div>
      {step && (
        <>
          <h2 className="tour-title">{step.title}</h2>
          <p className="tour-text">{step.text}</p>
        </>
      )}
      {shown < 0 && <p className="tour-text">Starting the tour…</p>}
      {atEnd && (
        <>
          <h2 className="tour-title">What just happened</h2>
          <p className="tour-text">{tour.whatJustHappened.text}</p>
          <p className="tour-rule">
            <strong>The rule: </strong>
            {tour.whatJustHappened.rule}
          </p>
        </>
      )}
      <div className="tour-buttons">
        <button type="button" onClick={previous} disabled={shown <= 0}>
          ← Previous
        </button>
        <button
          ref={continueRef}
          type="button"
          className="primary"
          onClick={next}
          disabled={shown < 0 || atEnd}
          aria-describedby="tour-heading-status"
        >
          {shown === steps.length - 1 ? 'What just happened →' : 'Continue →'}
        </button>
        <span id="tour-heading-status" className="tour-status" role="status">
          {heading && shown >= 0 && !atEnd ? `Playing to step ${shown + 2}…` : ''}
        </span>
      </div>
    </section>
  );
}

/**
 * The tour of the running scenario, if it has one; restarts whenever a scenario is (re)loaded, and keeps
 * its place when the run moves to another engine (the session goes on).
 */
export function TourPanel() {
  const driver = useStore((s) => s.driver);
  const session = useStore((s) => s.session);
  const tour = useStore((s) => s.scenario?.tour);
  if (!driver || !tour) return null;
  return <Narration key={session} tour={tour} driver={driver} />;
}
