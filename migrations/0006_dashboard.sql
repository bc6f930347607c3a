-- Dashboard: people who sign in, their sessions, and a reversible copy of API keys so the dashboard can
-- reveal them on request.

create table users (
  id text primary key,
  organization_id text not null references organizations(id),
  -- Stored lower-cased and trimmed: one person, one row, whatever case they type.
  email text not null unique,
  -- scrypt, self-describing: scrypt$N$r$p$salt$hash (src/users/password.ts).
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index users_org on users (organization_id);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of this table signs nobody in.
create table sessions (
  id text primary key,
  token_hash bytea not null unique,
  user_id text not null references users(id) on delete cascade,
  organization_id text not null references organizations(id),
  -- Sent by the dashboard in x-csrf-token on every state-changing request; bound to this session.
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id) where revoked_at is null;

-- AES-256-GCM of the key under MAILSTREAM_SECRET (src/auth/key-vault.ts); null for keys made before this
-- migration or without a secret, which the dashboard can only rotate, not reveal. The hash stays the
-- only thing authentication reads.
alter table api_keys add column key_sealed bytea;
