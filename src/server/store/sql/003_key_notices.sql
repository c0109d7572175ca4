-- Step 3 (IndexedDB v8): key lifecycle notifications not yet delivered to the services
-- registered with the key (the outbox). Written in the transaction of the key change; delivered
-- and deleted in one transaction by whichever server process runs next.
CREATE TABLE kw_key_notices (id text COLLATE "C" PRIMARY KEY, value json NOT NULL);
