-- Free-text search over orders (`search=…` on every order list and the dashboard's search box) read every
-- order of the scope with `search_text ILIKE '%…%'`: 42-47 s for a rare term at 10,000,000 orders
-- (BENCHMARKS.md). It is now a full-text match of the search's words, whole and in the same order, in the
-- order's search_text (src/orders/service.ts searchText: id, description, the recipient's name, address,
-- ZIP and e-mail) on this GIN index, then the same substring check as before on the few rows it finds.
-- Words are runs of letters and digits: an e-mail, an id or `spring-7` is the phrase of its parts.
-- Whole words, not prefixes: a prefix (`lovelace:*`) is a partial match that GIN answers by reading every
-- matching word's orders into a bitmap and that the planner cannot estimate, so it also reads the whole
-- list index beside it (a BitmapAnd over 3.4 million entries at 10,000,000 orders).
--
-- Why words and not trigrams (pg_trgm): a trigram index must recheck every candidate in the heap, and a
-- name's trigrams are shared by most orders, so counting a term in 1% of 1,000,000 orders read 7,200 heap
-- pages and took 240 ms (10 times that at 10M); a word's posting list is exactly its orders. The
-- organization and kind are in the index (btree_gin) so that a list's count visits only its own orders.
-- Both extensions are trusted: the database's owner may create them.
create extension if not exists btree_gin;

create function order_search_words(search_text text) returns tsvector
  language sql immutable parallel safe strict
  return to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'));

-- The search's words, in order: `New York` is 'new' <-> 'york'. NULL without a word.
create function order_search_query(search text) returns tsquery
  language sql immutable parallel safe strict
  return (select to_tsquery('simple'::regconfig, string_agg(quote_literal(word), ' <-> ' order by n))
          from regexp_split_to_table(btrim(regexp_replace(lower(search), '[^[:alnum:]]+', ' ', 'g')), ' ')
               with ordinality as words (word, n)
          where word <> '');

-- Building it reads every order and blocks writes to orders meanwhile (about 20 s per million orders on
-- two cores); an installation with millions of orders may create it beforehand with CONCURRENTLY.
create index if not exists orders_search_words
  on orders using gin (organization_id, kind, order_search_words(search_text));
