-- Step 2: what only the server keeps: API keys (stored as SHA-256 digests) and who they act as.
CREATE TABLE kw_api_keys (
  id text COLLATE "C" PRIMARY KEY,
  digest text NOT NULL UNIQUE,
  user_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
