/** The dry run's Part of links: which rows' deals become parts of which round (the first few). */
const SHOWN = 5;

export function PartsPreview({ parts }: { parts: ReadonlyArray<{ row: number; round: string }> }) {
  return (
    <p data-testid="import-parts">
      {parts.length} deal{parts.length === 1 ? '' : 's'} will be part of a round:{' '}
      {parts
        .slice(0, SHOWN)
        .map((p) => `row ${p.row} → ${p.round}`)
        .join(', ')}
      {parts.length > SHOWN ? `, … and ${parts.length - SHOWN} more` : ''}.
    </p>
  );
}
