-- The document store (src/documents): every file mailstream accepts or makes — uploads, PDFs fetched from
-- customers' URLs, rendered PDFs, thumbnails — kept content-addressed, immutable, served only by mailstream.

-- One row per distinct content (sha256). `storage` says where the bytes are: in `content` here
-- ('postgres', the default backend) or in the object store under PREFIX/<sha256 hex> ('s3'). A row is
-- committed only after its bytes are written, so a row that is not `purging` always has its bytes.
-- `purging` is set (and committed) before the purge removes the bytes: a row seen with it may have none,
-- and a new upload of the same content writes them again.
create table document_blobs (
  sha256 bytea primary key check (length(sha256) = 32),
  size bigint not null check (size >= 0),
  storage text not null check (storage in ('postgres', 's3')),
  content bytea,
  purging boolean not null default false,
  created_at timestamptz not null default now(),
  check (storage = 's3' or content is not null or purging)
);
create index document_blobs_purging on document_blobs (sha256) where purging;

-- One row per document an organization gave or mailstream made; identical content shares its blob.
-- `links` counts the rows of order_documents and bank_account_documents naming the document (kept by the
-- triggers below); documents with none are what the purge looks at (src/documents/purge.ts).
create table documents (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  sha256 bytea not null references document_blobs(sha256),
  -- How it came: 'upload' (multipart file), 'url' (fetched once from the customer's URL),
  -- 'render' (a PDF mailstream made), 'thumbnail' (a PNG of a page).
  origin text not null check (origin in ('upload', 'url', 'render', 'thumbnail')),
  content_type text not null,
  size bigint not null check (size >= 0),
  -- PDFs: pages and the first page's size in points; images: width and height in pixels, no pages.
  page_count integer,
  page_width double precision,
  page_height double precision,
  filename text,
  source_url text,
  links integer not null default 0,
  created_at timestamptz not null default now()
);
create index documents_sha256 on documents (sha256);
create index documents_unlinked on documents (created_at) where links = 0;

-- Which documents an order uses. role: 'upload' (the customer's PDF), 'attachment' (attachedPDF),
-- 'rendered' (the print-ready PDF), 'thumbnail' (page > 0, variant small|medium|large), or any other
-- role the integration needs; page 0 means the whole document. Linking again replaces the document.
create table order_documents (
  order_id text not null references orders(id) on delete cascade,
  role text not null check (role ~ '^[a-z][a-z_]{0,39}$'),
  page integer not null default 0 check (page >= 0),
  variant text not null default '' check (variant ~ '^[a-z_]{0,40}$'),
  document_id text not null references documents(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (order_id, role, page, variant)
);
create index order_documents_document on order_documents (document_id);

-- A bank account's signature image. Kept while the account row exists: cheques already ordered print
-- with it even after the account is deleted (soft delete).
create table bank_account_documents (
  bank_account_id text primary key references bank_accounts(id) on delete cascade,
  document_id text not null references documents(id) on delete cascade
);
create index bank_account_documents_document on bank_account_documents (document_id);

create function documents_count_links() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update documents set links = links - 1 where id = old.document_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update documents set links = links + 1 where id = new.document_id;
  end if;
  return null;
end $$;

create trigger order_documents_links after insert or delete or update of document_id on order_documents
  for each row execute function documents_count_links();
create trigger bank_account_documents_links after insert or delete or update of document_id on bank_account_documents
  for each row execute function documents_count_links();

-- How far the purge has released the documents of cancelled orders: orders cancelled up to this moment
-- have had their links removed. One row.
create table document_purge_state (
  id boolean primary key default true check (id),
  cancelled_through timestamptz not null default '-infinity'
);
insert into document_purge_state default values;
