// The print-ready PDF as the customer will receive it: its render state, a thumbnail of each page (each
// linking to its large version) and the PDF itself. Used by the order page and the create form's preview.
import { useRef } from 'react';

export interface ProofThumbnails {
  small: string;
  medium: string;
  large: string;
}

export interface OrderRenderState {
  status: 'rendering' | 'rendered' | 'failed';
  pageCount?: number;
  error?: { reason: string; asset: string; message: string };
  printDelayed?: { dueAt: string; reason: string };
}

interface ProofViewProps {
  render: OrderRenderState | undefined;
  url?: string;
  thumbnails?: ProofThumbnails[];
}

// The API signs its links afresh on every GET and the order page polls, so each poll brings new URLs for
// the same images: keep the first ones until they near their 15-minute expiry, or the images would be
// fetched again (and flicker) every two seconds.
const KEEP_LINKS_MS = 10 * 60_000;

function useSteadyLinks(url: string | undefined, thumbnails: ProofThumbnails[] | undefined) {
  const kept = useRef<{ url?: string; thumbnails?: ProofThumbnails[]; at: number }>({ at: 0 });
  const current = kept.current;
  const samePages = (current.thumbnails?.length ?? -1) === (thumbnails?.length ?? -1);
  if (!samePages || !current.url !== !url || Date.now() - current.at > KEEP_LINKS_MS) {
    kept.current = { url, thumbnails, at: Date.now() };
  }
  return kept.current;
}

export function ProofView({ render, ...links }: ProofViewProps) {
  const { url, thumbnails } = useSteadyLinks(links.url, links.thumbnails);
  if (!render) return <p className="muted">This order has no render state.</p>;
  if (render.status === 'rendering') {
    return (
      <p className="proof-state" role="status">
        Rendering… the print-ready PDF is being made.
      </p>
    );
  }
  if (render.status === 'failed') {
    return (
      <p className="error proof-state" role="alert">
        Render failed
        {render.error ? ` (${render.error.reason}, in ${render.error.asset}): ${render.error.message}` : '.'}{' '}
        It will not print; cancel it and create it again.
      </p>
    );
  }
  return (
    <>
      <p className="proof-state">
        Rendered: {render.pageCount ?? thumbnails?.length ?? 0}{' '}
        {(render.pageCount ?? thumbnails?.length) === 1 ? 'page' : 'pages'}
        {url && (
          <>
            {' · '}
            <a href={url} target="_blank" rel="noreferrer noopener">
              Open the PDF
            </a>
          </>
        )}
      </p>
      <ProofThumbnailList thumbnails={thumbnails ?? []} />
    </>
  );
}

/** One thumbnail per page, each a link to the page's large image. */
export function ProofThumbnailList({ thumbnails }: { thumbnails: ProofThumbnails[] }) {
  if (thumbnails.length === 0) return null;
  return (
    <ol className="proof-pages">
      {thumbnails.map((set, index) => (
        <li key={set.medium}>
          <a href={set.large} target="_blank" rel="noreferrer noopener">
            <img src={set.medium} alt={`Page ${index + 1}`} width={150} />
          </a>
        </li>
      ))}
    </ol>
  );
}
