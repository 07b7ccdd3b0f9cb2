import type { Outputs } from '../api/clusters';
import { outputLabel, outputText } from './output-labels';

/** What a successful run reported (endpoint, version, …). */
export function ClusterOutputs({ outputs }: { outputs: Outputs }) {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return null;
  return (
    <dl className="outputs" data-testid="outputs">
      {entries.map(([key, value]) => (
        <div key={key} className="outputs__row">
          <dt>{outputLabel(key)}</dt>
          <dd>{outputText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
