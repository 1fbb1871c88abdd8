// The canvas legend: message kinds (shape and colour, hollow for responses) as a filter, and replica
// roles as drawn on the broker cards.
import { CATEGORIES, CATEGORY_ORDER } from '../data/message-kinds';
import { useStore } from '../store/index';
import { shapePath } from './shapes';

export function Legend() {
  const hidden = useStore((s) => s.hidden);
  const toggle = useStore((s) => s.toggleCategory);
  const showMessages = useStore((s) => s.showMessages);
  const setShowMessages = useStore((s) => s.setShowMessages);
  return (
    <div className="legend">
      <fieldset className="legend-kinds">
        <legend>Messages (filled: request, hollow: response)</legend>
        {CATEGORY_ORDER.map((c) => {
          const st = CATEGORIES[c];
          return (
            <label key={c} className={hidden[c] ? 'off' : ''} title={st.requests}>
              <input
                type="checkbox"
                checked={!hidden[c]}
                onChange={() => toggle(c)}
                aria-label={`Show ${st.label} messages`}
              />
              <svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">
                <path
                  d={shapePath(st.shape, 5)}
                  fill={st.shape === 'ring' ? '#fff' : st.color}
                  stroke={st.color}
                  strokeWidth={1.5}
                />
              </svg>
              {st.label}
            </label>
          );
        })}
        <label>
          <input type="checkbox" checked={showMessages} onChange={(e) => setShowMessages(e.target.checked)} />
          each message (off: flows only)
        </label>
      </fieldset>
      <div className="legend-roles" aria-label="Replica roles">
        <span className="role-key">
          <svg width="18" height="14" aria-hidden="true">
            <rect className="k-leader" x="1" y="1" width="16" height="12" rx="3" />
          </svg>
          leader (crowned)
        </span>
        <span className="role-key">
          <svg width="18" height="14" aria-hidden="true">
            <rect className="k-insync" x="1" y="1" width="16" height="12" rx="3" />
          </svg>
          in-sync follower
        </span>
        <span className="role-key">
          <svg width="18" height="14" aria-hidden="true">
            <rect className="k-outofsync" x="1" y="1" width="16" height="12" rx="3" />
          </svg>
          out-of-sync (dashed)
        </span>
        <span className="role-key">
          <svg width="18" height="14" aria-hidden="true">
            <rect className="k-offline" x="1" y="1" width="16" height="12" rx="3" />
            <line x1="2" y1="12" x2="16" y2="2" stroke="#64748b" />
          </svg>
          offline (struck)
        </span>
      </div>
    </div>
  );
}
