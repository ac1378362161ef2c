/** User text as text: line breaks kept, http(s) URLs made into links (new tab, no opener), nothing else interpreted. */
import { isHttpUrl } from '../../../model';

const URL_RE = /(https?:\/\/[^\s<>"']+)/g;

export function RichText({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 1) {
          const url = part.replace(/[.,;:!?)]+$/, '');
          const rest = part.slice(url.length);
          if (isHttpUrl(url)) {
            return (
              <span key={i}>
                <a href={url} target="_blank" rel="noopener noreferrer">
                  {url}
                </a>
                {rest}
              </span>
            );
          }
        }
        return <span key={i}>{part}</span>;
      })}
    </>
  );
}
