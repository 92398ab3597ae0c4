-- Key lists showed the first 12 characters of every key: most of a short configured admin key. They now show
-- at most 8 characters and at most a quarter of the key (ApiKeys.visiblePrefix); stored prefixes follow. The
-- length of a configured key is not known here, so its prefix keeps 4 characters, a quarter of the shortest.
UPDATE api_keys SET key_prefix = substr(key_prefix, 1, 4) WHERE name = 'admin (configured)';
UPDATE api_keys SET key_prefix = substr(key_prefix, 1, 8) WHERE name <> 'admin (configured)';
