/**
 * @mentions in the notes editor. The notes keep the same token as comments,
 * `@[Ada Lovelace](user:<id>)` (shared/src/board/mentions.ts), so the server reads who was
 * mentioned from the committed text. In the editor:
 * - typing `@` offers the board's members (@codemirror/autocomplete: ↑/↓, Enter, Escape, or a
 *   click); only a member picked there is written as a token;
 * - each token shows as a chip with the member's current name (a rename renames the chip), and
 *   the caret and Backspace treat it as one character.
 * The members come in through a facet, so the editor follows the board's member list live.
 */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { Compartment, Facet, type Extension } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { mentionPattern, mentionToken } from '../../../../../shared/src/board/mentions';
import { avatarColors, colorFor, initials, safeColor } from '../../../lib/color';
import { matchMembers, mentionQuery } from './mentionText';
import type { Mentionable } from './MentionTextarea';

const MAX_OPTIONS = 6;

/** Who may be mentioned (the board's members, me left out) and the current name of anyone. */
export interface MentionDirectory {
  members: readonly Mentionable[];
  nameOf: (userId: string) => string | undefined;
}

const NOBODY: MentionDirectory = { members: [], nameOf: () => undefined };

const directoryFacet = Facet.define<MentionDirectory, MentionDirectory>({ combine: (values) => values[values.length - 1] ?? NOBODY });

function memberCompletions(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const query = mentionQuery(line.text, context.pos - line.from);
  if (!query) return null;
  const { members } = context.state.facet(directoryFacet);
  const options = matchMembers(members, query.query, MAX_OPTIONS).map((member): MemberCompletion => ({
    label: member.name,
    apply: `${mentionToken(member.id, member.name)} `,
    member,
  }));
  if (options.length === 0) return null;
  // filter: false — matchMembers already chose; the library's fuzzy match would disagree.
  return { from: line.from + query.start, options, filter: false };
}

type MemberCompletion = Completion & { member: Mentionable };

/** The member's avatar before the name, as in the comment composer's list (ui/Avatar). */
function renderAvatar(completion: Completion): Node | null {
  const member = (completion as Partial<MemberCompletion>).member;
  if (!member) return null;
  const colors = avatarColors(safeColor(member.color, colorFor(member.id)));
  const avatar = document.createElement('span');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true'); // the option's name is the label
  avatar.dataset.initials = initials(member.name);
  avatar.style.setProperty('--size', '20px');
  avatar.style.background = colors.background;
  avatar.style.color = colors.color;
  return avatar;
}

class MentionChip extends WidgetType {
  constructor(
    readonly userId: string,
    readonly name: string,
  ) {
    super();
  }
  override eq(other: MentionChip): boolean {
    return other.userId === this.userId && other.name === this.name;
  }
  toDOM(): HTMLElement {
    const chip = document.createElement('span');
    chip.className = 'mention-chip';
    chip.dataset.userId = this.userId;
    chip.dataset.testid = 'mention-chip';
    chip.textContent = `@${this.name}`;
    return chip;
  }
}

function chipDecorator(directory: MentionDirectory): MatchDecorator {
  return new MatchDecorator({
    regexp: mentionPattern(),
    decoration: (match) => {
      const userId = match[2] ?? '';
      return Decoration.replace({ widget: new MentionChip(userId, directory.nameOf(userId) ?? match[1] ?? '') });
    },
  });
}

const chips = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    private decorator: MatchDecorator;
    constructor(view: EditorView) {
      this.decorator = chipDecorator(view.state.facet(directoryFacet));
      this.decorations = this.decorator.createDeco(view);
    }
    update(update: ViewUpdate): void {
      const directory = update.state.facet(directoryFacet);
      if (directory !== update.startState.facet(directoryFacet)) {
        // Names may have changed: redraw every chip.
        this.decorator = chipDecorator(directory);
        this.decorations = this.decorator.createDeco(update.view);
      } else {
        this.decorations = this.decorator.updateDeco(update, this.decorations);
      }
    }
  },
  {
    decorations: (plugin) => plugin.decorations,
    provide: (plugin) => EditorView.atomicRanges.of((view) => view.plugin(plugin)?.decorations ?? Decoration.none),
  },
);

/** The mention extension and a way to hand it a new member list (which redraws the chips). */
export function notesMentions(initial: MentionDirectory): { extension: Extension; setDirectory: (view: EditorView, directory: MentionDirectory) => void } {
  const compartment = new Compartment();
  return {
    extension: [
      compartment.of(directoryFacet.of(initial)),
      chips,
      autocompletion({
        override: [memberCompletions],
        icons: false,
        tooltipClass: () => 'mention-completions',
        addToOptions: [{ render: renderAvatar, position: 20 }],
        // The list opens because the person typed `@` to pick someone: arrows and Enter belong to
        // it at once, as in the comment box (CodeMirror otherwise ignores them for 75 ms, and a
        // quick ArrowDown then moved nothing).
        interactionDelay: 0,
      }),
    ],
    setDirectory: (view, directory) => view.dispatch({ effects: compartment.reconfigure(directoryFacet.of(directory)) }),
  };
}
