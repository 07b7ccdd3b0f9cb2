import type { Progress } from '../api/clusters';

/** A run's step and percent. */
export function ProgressBar({ progress }: { progress: Progress }) {
  const percent = Math.max(0, Math.min(100, progress.percent));
  return (
    <div className="progress" data-testid="progress">
      <div
        className="progress__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={`Step ${progress.step}`}
      >
        <span className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__text">
        {progress.step} · {percent}%
      </span>
    </div>
  );
}
