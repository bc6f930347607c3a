-- A contact's fingerprint now names its organization and mode too (src/contacts/service.ts), so the
-- unique index that deduplicates contacts is on the fingerprint alone, and the lookup of an identical
-- stored contact (`where fingerprint = $1`, src/contacts/repo.ts) can use no other index.
--
-- Why: with the old (organization_id, live, fingerprint) index, that lookup could equally be served by
-- contacts_list (organization_id, live, created_at, id) filtering on the fingerprint; until the first
-- ANALYZE the planner rates both the same and a prepared create kept the contacts_list plan, reading
-- every contact of the organization on each create (a fresh install receiving its first big import; the
-- letters benchmark measured 1,300 instead of 1,800 creates/s with 1,000 contacts).
--
-- The new value is sha256("<organization_id>:<live>:<old fingerprint>"), which the application computes
-- the same way, so identical contacts created before and after this migration still meet.
drop index contacts_fingerprint;
update contacts
set fingerprint = encode(sha256(convert_to(
  organization_id || ':' || case when live then 'true' else 'false' end || ':' || fingerprint, 'UTF8')), 'hex');
create unique index contacts_fingerprint on contacts (fingerprint) where deleted_at is null;
