#!/usr/bin/env bash
# Writes the secrets compose.yaml hands to PostgreSQL and Postcard, in secrets/ beside compose.yaml: a random
# database password, the postgres:// URL that holds it, and a random admin API key. Keeps files that exist.
set -euo pipefail
cd "$(dirname "$0")/../.."

# 24 random bytes in URL-safe base64: nothing to percent-encode in the database URL.
random() { head -c 24 /dev/urandom | base64 | tr '+/' '-_'; }

mkdir -p secrets
chmod 0755 secrets
[ -f secrets/db_password ] || random > secrets/db_password
[ -f secrets/database_url ] || printf 'postgres://postcard:%s@db:5432/postcard\n' "$(cat secrets/db_password)" > secrets/database_url
[ -f secrets/admin_key ] || printf 'pck_%s\n' "$(random)" > secrets/admin_key
# Compose without Swarm mounts each file as it is: Postcard's user in the image (uid 10001) must read them.
chown 10001:10001 secrets/database_url secrets/admin_key
chmod 0400 secrets/db_password secrets/database_url secrets/admin_key
echo "secrets/ holds db_password, database_url and admin_key; the admin key: $(cat secrets/admin_key)"
