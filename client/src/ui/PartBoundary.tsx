/**
 * A part of the page that comes in a chunk of its own (the drawer, the table, Insights, the
 * board's dialogs: features/board/laterParts.ts). While it loads, `fallback`; when it cannot
 * load (offline before the app was kept on this device, or a new release removed the old
 * chunk), a note that says so with a way to reload, where the part would be, instead of a
 * blank page: React unmounts the whole tree on an error no boundary catches.
 */
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Icon } from './Icon';

interface Props {
  /** What the part is, for the note: "The table", "This deal". */
  what: string;
  fallback: ReactNode;
  /** `floating`: the part overlays the page (drawer, dialogs), so the note does too. */
  floating?: boolean;
  children: ReactNode;
}

/** How browsers word a script chunk that could not be fetched. */
const CHUNK_FAILED = /dynamically imported module|Importing a module script failed|error loading dynamically/i;

export class PartBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.what} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return <Suspense fallback={this.props.fallback}>{this.props.children}</Suspense>;
    const notLoaded = CHUNK_FAILED.test(error.message);
    return (
      <div className={this.props.floating ? 'part-failed part-failed-floating' : 'part-failed'} role="alert" data-testid="part-failed">
        <Icon name="alert" size={18} />
        <p>
          {notLoaded
            ? `${this.props.what} could not be loaded: you may be offline. Your board and your changes are safe.`
            : `${this.props.what} could not be shown because of an error. Your board and your changes are safe.`}
        </p>
        <button type="button" className="btn btn-sm" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
