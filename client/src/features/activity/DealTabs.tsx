/** The drawer's "Details | History" tabs (ARIA tabs: arrow keys move between them). */
import { useRef, type KeyboardEvent } from 'react';

export type DealTab = 'details' | 'history';

const TABS: Array<{ id: DealTab; label: string }> = [
  { id: 'details', label: 'Details' },
  { id: 'history', label: 'History' },
];

export function DealTabs({ dealId, tab, onChange }: { dealId: string; tab: DealTab; onChange: (tab: DealTab) => void }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + TABS.length) % TABS.length;
    const t = TABS[next];
    if (!t) return;
    onChange(t.id);
    refs.current[next]?.focus();
  };
  return (
    <div className="deal-tabs" role="tablist" aria-label="Deal sections">
      {TABS.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`deal-tab-${t.id}-${dealId}`}
          aria-selected={tab === t.id}
          aria-controls={`deal-panel-${t.id}-${dealId}`}
          tabIndex={tab === t.id ? 0 : -1}
          className={`deal-tab${tab === t.id ? ' is-active' : ''}`}
          onClick={() => onChange(t.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The tab panel wrapper that pairs with DealTabs. */
export function dealTabPanelProps(dealId: string, tab: DealTab) {
  return { role: 'tabpanel', id: `deal-panel-${tab}-${dealId}`, 'aria-labelledby': `deal-tab-${tab}-${dealId}` } as const;
}
