-- V003 (same version as migrations/sqlite/V003__criteria.sql): control criteria. Editions of a
-- catalog and their controls, baselines drawn from them, and mappings between catalogs
-- (domain/criteria.hpp). Enum columns hold the domain's ToString text.

-- Editions are written once by import and never changed (a statement pins one): a trigger refuses
-- UPDATE, DELETE and TRUNCATE of an edition and of its controls for every role, whatever
-- deploy/postgres/grants.sql gives the runtime role. A corrected text is a new edition.
CREATE TABLE catalog_editions (
  id             BIGSERIAL PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  scheme         TEXT NOT NULL,
  version        TEXT NOT NULL,
  effective_date DATE,
  source         TEXT NOT NULL,
  format         TEXT NOT NULL CHECK (format IN ('skeleton', 'csv', 'xlsx', 'oscal-catalog')),
  title_ja       TEXT NOT NULL,
  title_en       TEXT NOT NULL,
  source_json    TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL
);

-- One row per item in document order (`position`); groups (chapters, categories, OSCAL groups)
-- are rows with is_group set, so a tree is one ordered list.
CREATE TABLE catalog_controls (
  edition_id  BIGINT NOT NULL REFERENCES catalog_editions (id),
  position    INTEGER NOT NULL,
  control_id  TEXT NOT NULL,
  parent_id   TEXT,
  is_group    BOOLEAN NOT NULL,
  tier        TEXT NOT NULL CHECK (tier IN ('governance', 'management', 'control_measure')),
  level       TEXT NOT NULL CHECK (level IN ('chapter', 'category', 'objective', 'detailed')),
  rule        TEXT NOT NULL CHECK (rule IN ('none', 'mandatory', 'unless_excluded', 'selectable')),
  suffix      TEXT NOT NULL,
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  text_ja     TEXT NOT NULL,
  text_en     TEXT NOT NULL,
  withdrawn   BOOLEAN NOT NULL,
  source_json TEXT NOT NULL,
  PRIMARY KEY (edition_id, control_id),
  UNIQUE (edition_id, position),
  FOREIGN KEY (edition_id, parent_id) REFERENCES catalog_controls (edition_id, control_id)
);

CREATE FUNCTION catalog_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER catalog_editions_no_update_or_delete
  BEFORE UPDATE OR DELETE ON catalog_editions
  FOR EACH ROW EXECUTE FUNCTION catalog_refuse_change();

CREATE TRIGGER catalog_editions_no_truncate
  BEFORE TRUNCATE ON catalog_editions
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_refuse_change();

CREATE TRIGGER catalog_controls_no_update_or_delete
  BEFORE UPDATE OR DELETE ON catalog_controls
  FOR EACH ROW EXECUTE FUNCTION catalog_refuse_change();

CREATE TRIGGER catalog_controls_no_truncate
  BEFORE TRUNCATE ON catalog_controls
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_refuse_change();

CREATE TABLE catalog_baselines (
  id          BIGSERIAL PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  edition_key TEXT NOT NULL REFERENCES catalog_editions (key),
  kind        TEXT NOT NULL CHECK (kind IN ('standard', 'liu', 'agency', 'imported')),
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  based_on    TEXT REFERENCES catalog_baselines (key),
  source_json TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX catalog_baselines_by_edition ON catalog_baselines (edition_key);

CREATE TABLE catalog_baseline_entries (
  baseline_id BIGINT NOT NULL REFERENCES catalog_baselines (id),
  position    INTEGER NOT NULL,
  control_id  TEXT NOT NULL,
  required    BOOLEAN NOT NULL,
  PRIMARY KEY (baseline_id, position),
  UNIQUE (baseline_id, control_id)
);

-- Crosswalks between catalogs, by edition key and control id: either side may name an edition
-- that is not loaded (a mapping read from a crosswalk document stands on its own).
CREATE TABLE control_mappings (
  id              BIGSERIAL PRIMARY KEY,
  from_edition    TEXT NOT NULL,
  from_control    TEXT NOT NULL,
  to_edition      TEXT NOT NULL,
  to_control      TEXT NOT NULL,
  relationship    TEXT NOT NULL CHECK (relationship IN ('equivalent', 'subset', 'superset', 'intersects')),
  source_document TEXT NOT NULL,
  UNIQUE (from_edition, from_control, to_edition, to_control, relationship)
);
CREATE INDEX control_mappings_by_to ON control_mappings (to_edition, to_control);
