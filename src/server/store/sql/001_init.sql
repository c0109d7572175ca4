-- Keyward's PostgreSQL schema, step 1: one table per IndexedDB object store of schema v5
-- (src/engine/store/database.ts). Each row keeps the record as JSON text (`value`, written by
-- src/server/store/codec.ts: bytes in base64, CryptoKeys sealed under the server KEK) beside the
-- columns its key and indexes need. Text keys sort by code point (COLLATE "C"), as IndexedDB does.
-- Shipped steps are never edited; a new step is a new file (002_….sql).

CREATE TABLE kw_meta (k text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_users (id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_instances (id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_access_policies (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_access_policies_by_user ON kw_access_policies (user_id, id);
CREATE TABLE kw_key_rings (
  instance_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (instance_id, id)
);
CREATE TABLE kw_keys (
  id text COLLATE "C" PRIMARY KEY,
  instance_id text COLLATE "C",
  auto_purge_at double precision,
  rotation_due_at double precision,
  key_ring_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_keys_by_instance ON kw_keys (instance_id, id);
CREATE INDEX kw_keys_by_auto_purge_at ON kw_keys (auto_purge_at, id) WHERE auto_purge_at IS NOT NULL;
CREATE INDEX kw_keys_by_rotation_due_at ON kw_keys (rotation_due_at, id) WHERE rotation_due_at IS NOT NULL;
CREATE INDEX kw_keys_by_ring ON kw_keys (instance_id, key_ring_id, id);
CREATE TABLE kw_aliases (
  instance_id text COLLATE "C" NOT NULL,
  alias text COLLATE "C" NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (instance_id, alias)
);
CREATE TABLE kw_key_versions (
  key_id text COLLATE "C" NOT NULL,
  number double precision NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (key_id, number)
);
CREATE TABLE kw_master_keys (instance_id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_registrations (
  key_id text COLLATE "C" NOT NULL,
  resource_crn text COLLATE "C" NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (key_id, resource_crn)
);
CREATE TABLE kw_events (
  seq double precision PRIMARY KEY,
  key_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_events_by_key ON kw_events (key_id, seq);
CREATE TABLE kw_import_tokens (instance_id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_buckets (
  name text COLLATE "C" PRIMARY KEY,
  instance_id text COLLATE "C",
  key_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_buckets_by_instance ON kw_buckets (instance_id, name);
CREATE INDEX kw_buckets_by_key ON kw_buckets (key_id, name);
CREATE TABLE kw_objects (
  bucket text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (bucket, name)
);
CREATE TABLE kw_object_chunks (
  object_id text COLLATE "C" NOT NULL,
  idx double precision NOT NULL,
  value json NOT NULL,
  PRIMARY KEY (object_id, idx)
);
CREATE TABLE kw_uploads (upload_id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_rewrap_jobs (bucket text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_authorizations (
  id text COLLATE "C" PRIMARY KEY,
  source_instance_id text COLLATE "C",
  target_instance_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_authorizations_by_source ON kw_authorizations (source_instance_id, id);
CREATE INDEX kw_authorizations_by_target ON kw_authorizations (target_instance_id, id);
CREATE TABLE kw_hpcs (instance_id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
CREATE TABLE kw_key_usage (
  key_id text COLLATE "C" PRIMARY KEY,
  instance_id text COLLATE "C",
  value json NOT NULL
);
CREATE INDEX kw_key_usage_by_instance ON kw_key_usage (instance_id, key_id);
