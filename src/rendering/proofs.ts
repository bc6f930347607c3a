// Proofs: what a customer sees of the print-ready PDF before and after it prints (BRIEF §13): signed,
// expiring links to it and to its page thumbnails, made afresh on every GET.
import type { FastifyRequest } from 'fastify';
import type { DocumentsConfig } from '../config/documents.ts';
import type { DocumentLinks } from '../documents/signed-links.ts';
import type { DocumentStore } from '../documents/store.ts';

/** What the API app holds of the documents domain (decorated as `app.documents`). */
export interface AppDocuments {
  config: DocumentsConfig;
  store: DocumentStore;
  links: DocumentLinks;
}

/** The origin links are made for: the one the request came to, so a proxy's host is kept. */
export function requestBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
