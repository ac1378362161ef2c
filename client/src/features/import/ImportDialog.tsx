/**
 * Import a CSV (editors and owners): choose or drop a file, check how its columns map to deal
 * fields, see the server's dry run (rows created, updated, skipped, every error by row and
 * field, stages that will be added), then confirm. The server applies the same plan as one
 * attributed change.
 */
import { useState } from 'react';
import { parseCsv, type CsvTable } from '../../../../shared/src/import/csv';
import { IMPORT_FIELDS, IMPORT_FIELD_LABEL, guessMapping, type ColumnMapping, type ImportField } from '../../../../shared/src/import/fields';
import { IMPORT_LIMITS } from '../../../../shared/src/import/plan';
import { Dialog } from '../../ui/Dialog';
import { toast } from '../../ui/toast';
import { useBoardSession } from '../board/boardSession';
import { sendImport, type ImportAnswer } from './importApi';
import { runImportUndo } from './importUndo';
import { PartsPreview } from './PartsPreview';
import './import.css';

type Step = { kind: 'choose' } | { kind: 'map'; name: string; csv: string; table: CsvTable; mapping: ColumnMapping; preview: ImportAnswer | null };

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { boardId } = useBoardSession();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);

  const load = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > IMPORT_LIMITS.bytes) return setError(`${file.name} is larger than 5 MB.`);
    const csv = await file.text();
    const reading = parseCsv(csv);
    if (!reading.ok) return setError(reading.message);
    if (reading.table.rows.length > IMPORT_LIMITS.rows)
      return setError(`${file.name} has ${reading.table.rows.length} rows; at most ${IMPORT_LIMITS.rows} at once.`);
    const next: Step = { kind: 'map', name: file.name, csv, table: reading.table, mapping: guessMapping(reading.table.headers), preview: null };
    setStep(next);
    void preview(next);
  };

  const run = async (s: Extract<Step, { kind: 'map' }>, dryRun: boolean) => {
    setProgress(0);
    try {
      return await sendImport(boardId, s.csv, s.mapping, dryRun, setProgress);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setProgress(null);
    }
  };

  const preview = async (s: Extract<Step, { kind: 'map' }>) => {
    const answer = await run(s, true);
    if (answer) setStep({ ...s, preview: answer });
  };

  const confirm = async () => {
    if (step.kind !== 'map') return;
    const answer = await run(step, false);
    if (!answer) return;
    const importId = answer.importId;
    toast(
      `Imported: ${answer.created} created, ${answer.updated} updated, ${answer.skipped} skipped.`,
      'info',
      importId ? { label: 'Undo', run: () => void runImportUndo(boardId, importId) } : undefined,
    );
    onClose();
  };

  const setField = (column: number, field: ImportField | null) => {
    if (step.kind !== 'map') return;
    const mapping = step.mapping.map((f, i) => (i === column ? field : f === field && field !== null ? null : f));
    const next = { ...step, mapping, preview: null };
    setStep(next);
    void preview(next);
  };

  const p = step.kind === 'map' ? step.preview : null;
  return (
    <Dialog
      title="Import deals from CSV"
      description="Exports from Pipedrive, HubSpot or a spreadsheet: UTF-8, comma or semicolon separated."
      onClose={onClose}
      width={720}
    >
      <div className="stack" data-testid="import-dialog">
        {step.kind === 'choose' ? (
          <label
            className={`import-drop${dragging ? ' is-dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              void load(e.dataTransfer.files[0]);
            }}
          >
            <input type="file" accept=".csv,text/csv" className="sr-only" data-testid="import-file" onChange={(e) => void load(e.target.files?.[0])} />
            <strong>Choose a CSV file</strong> or drop it here
            <span className="muted">Up to 5 MB and 20,000 rows.</span>
          </label>
        ) : (
          <>
            <p className="muted">
              {step.name}: {step.table.rows.length} row{step.table.rows.length === 1 ? '' : 's'}. Check what each column fills:
            </p>
            <div className="import-mapping">
              {step.table.headers.map((header, i) => (
                <label key={`${header}-${i}`} className="import-map-row">
                  <span className="import-header" title={header}>
                    {header || `Column ${i + 1}`}
                  </span>
                  <select
                    className="select"
                    aria-label={`Field for ${header}`}
                    value={step.mapping[i] ?? ''}
                    onChange={(e) => setField(i, (e.target.value || null) as ImportField | null)}
                  >
                    <option value="">Ignore</option>
                    {IMPORT_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {IMPORT_FIELD_LABEL[f]}
                      </option>
                    ))}
                  </select>
                  <span className="muted import-sample">{step.table.rows[0]?.[i] ?? ''}</span>
                </label>
              ))}
            </div>
            {p ? (
              <div className="import-preview" data-testid="import-preview">
                <div className="import-counts">
                  <span>
                    <strong data-testid="import-created">{p.created}</strong> to create
                  </span>
                  <span>
                    <strong data-testid="import-updated">{p.updated}</strong> to update
                  </span>
                  <span>
                    <strong data-testid="import-skipped">{p.skipped}</strong> skipped
                  </span>
                </div>
                {p.newStages && p.newStages.length > 0 ? <p>New stages to add: {p.newStages.join(', ')}</p> : null}
                {p.parts && p.parts.length > 0 ? <PartsPreview parts={p.parts} /> : null}
                {p.errors.length > 0 ? (
                  <ul className="import-errors" aria-label="Errors">
                    {p.errors.slice(0, 200).map((e, i) => (
                      <li key={i}>
                        Row {e.row}, {e.field ? (IMPORT_FIELD_LABEL[e.field as ImportField] ?? e.field) : 'file'}: {e.message}
                      </li>
                    ))}
                    {p.errors.length > 200 ? <li>… and {p.errors.length - 200} more</li> : null}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </>
        )}
        {progress !== null ? <progress className="import-progress" value={progress} max={1} aria-label="Uploading" /> : null}
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {step.kind === 'map' ? (
            <button type="button" className="btn btn-primary" disabled={!p || progress !== null || p.created + p.updated === 0} onClick={() => void confirm()}>
              Import {p ? `${p.created + p.updated} deal${p.created + p.updated === 1 ? '' : 's'}` : ''}
            </button>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
