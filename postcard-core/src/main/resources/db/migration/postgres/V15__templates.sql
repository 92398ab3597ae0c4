-- Templates: what is not versioned (name, current version, deletion) in templates; the Mustache sources of
-- every version in template_versions. An update adds a version and never changes one, and a deleted template
-- keeps its versions: a send refers to the version it rendered.
CREATE TABLE templates (
    tenant_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX templates_by_tenant ON templates (tenant_id, created_at, id);

CREATE TABLE template_versions (
    tenant_id   TEXT    NOT NULL,
    template_id TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    subject     TEXT,
    html        TEXT,
    text        TEXT,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, template_id, version),
    FOREIGN KEY (tenant_id, template_id) REFERENCES templates (tenant_id, id)
);
