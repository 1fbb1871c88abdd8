// Taking an action from a form: validate it against the running scenario first; apply it only if valid.
import { useStore } from '../store/index';
import type { ScenarioIntent } from '../../runtime/intents';
import { validateIntent, type FieldErrors } from './validate-action';

export function useAct(): (intent: ScenarioIntent, extra?: FieldErrors) => FieldErrors {
  return (intent, extra = {}) => {
    const { driver, scenario } = useStore.getState();
    if (!driver || !scenario) return { '(action)': 'the cluster is not running' };
    const errors = {
      ...validateIntent(scenario, driver.userActions(), intent, useStore.getState().playback.time),
      ...extra,
    };
    if (Object.keys(errors).length > 0) return errors;
    driver.act(intent);
    return {};
  };
}
