// The playground: the cluster canvas and what you can do to it, the timeline, and the details. The
// fixture routes (?fixture=NAME) show the runtime's own panel, for its tests and benchmarks; ?dev=1 adds
// that panel (the engine check) below the playground.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from './store/index';
import { engineFromLocation, loadFromLocation } from './store/load';
import { EngineAlert, EngineSetting } from './engine/EngineSetting';
import { Header } from './panels/Header';
import { ClusterCanvas } from './canvas/ClusterCanvas';
import { HealthCards } from './panels/HealthCards';
import { CheckerCard } from './checker/CheckerCard';
import { OutcomeSettings } from './panels/OutcomeSettings';
import { ActionPanel } from './forms/ActionPanel';
import { Scrubber } from './timeline/Scrubber';
import { EventList } from './timeline/EventList';
import { BottomPanel } from './panels/BottomPanel';
import { Simplifications } from './panels/Simplifications';
import { FixtureApp, RuntimePanel, pageSource } from './engine/RuntimePanel';
import { TourPanel } from './tours/TourPanel';
import { fullPlaygroundUrl, isEmbed } from './tours/embed';

const isDev = () => new URLSearchParams(location.search).get('dev') === '1';

function EngineCheck() {
  // Started once the playground is drawn, so that its workers do not delay the first picture.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const t = window.setTimeout(() => setReady(true), 800);
    return () => window.clearTimeout(t);
  }, []);
  const page = useMemo(pageSource, []);
  if (!ready || 'error' in page) return null;
  return (
    <section className="engine" aria-labelledby="engine-title">
      <h2 id="engine-title">Engine check: the quickstart with one Web Worker per node</h2>
      <p className="hint">
        The runtime that will host the playground: the same trace as the CLI, in workers or in-process.
      </p>
      <RuntimePanel source={page.source} />
    </section>
  );
}

function Playground() {
  const errors = useStore((s) => s.loadErrors);
  const scenario = useStore((s) => s.scenario);
  const embed = useMemo(() => isEmbed(), []);
  const dev = useMemo(isDev, []);
  useEffect(() => {
    document.documentElement.classList.toggle('embed-mode', embed);
    useStore.getState().setEngineChoice(engineFromLocation(location.search));
    loadFromLocation(location.hash, !dev);
    const onHash = () => {
      if (/^#(s|scenario|builtin)=/.test(location.hash)) loadFromLocation(location.hash);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [embed, dev]);
  return (
    <>
      <Header />
      <main className="playground">
        {errors && (
          <div role="alert" className="load-errors">
            <strong>This scenario cannot be loaded:</strong>
            <ul>
              {errors.slice(0, 20).map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        <EngineAlert />
        {scenario?.description && !embed && <p className="scenario-desc">{scenario.description}</p>}
        {embed && (
          <a className="embed-open" href={fullPlaygroundUrl()} target="_blank" rel="noopener">
            Open in the Kafka Playground
          </a>
        )}
        <TourPanel />
        <div className="stage">
          <div className="stage-main">
            <ClusterCanvas />
            <Scrubber />
          </div>
          {!embed && (
            <aside className="stage-side" aria-label="Health and actions">
              <HealthCards />
              <CheckerCard />
              <ActionPanel />
              <OutcomeSettings />
              <EngineSetting />
            </aside>
          )}
        </div>
        {!embed && (
          <div className="lower">
            <BottomPanel />
            <EventList />
          </div>
        )}
        {!embed && <Simplifications />}
        {!embed && dev && <EngineCheck />}
      </main>
    </>
  );
}

export function App() {
  const fixture = new URLSearchParams(location.search).get('fixture');
  return fixture !== null ? <FixtureApp /> : <Playground />;
}
