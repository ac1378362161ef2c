/** A comment body: mentions as chips with the member's current name, the rest as RichText. */
import { splitMentions } from '../../../../../shared/src/board/mentions';
import { RichText } from './RichText';

export function MentionText({ text, nameOf }: { text: string; nameOf: (userId: string) => string | undefined }) {
  return (
    <>
      {splitMentions(text).map((part, i) =>
        part.kind === 'text' ? (
          <RichText key={i} text={part.text} />
        ) : (
          <span key={i} className="mention-chip" data-user-id={part.userId} data-testid="mention-chip">
            @{nameOf(part.userId) ?? part.label}
          </span>
        ),
      )}
    </>
  );
}
