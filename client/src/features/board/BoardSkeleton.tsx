/** Placeholder columns while the board connects and syncs. */
export function BoardSkeleton({ label = 'Loading board…' }: { label?: string }) {
  return (
    <div className="board-scroll" aria-busy="true" aria-label={label}>
      <div className="lanes">
        {[5, 3, 4, 2].map((n, i) => (
          <div key={i} className="lane lane-skeleton">
            <div className="skeleton skeleton-title" />
            <div className="skeleton skeleton-line" />
            {Array.from({ length: n }, (_, j) => (
              <div key={j} className="skeleton skeleton-card" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
