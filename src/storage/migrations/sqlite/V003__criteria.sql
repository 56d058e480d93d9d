-- V003: control criteria. Editions of a catalog and their controls, baselines drawn from them, and
-- mappings between catalogs (domain/criteria.hpp). Enum columns hold the domain's ToString text.
-- Times are RFC 3339 UTC text with microseconds; effective_date is YYYY-MM-DD.

-- Editions are written once by import and never changed (a statement pins one): the triggers
-- below refuse UPDATE and DELETE of an edition and of its controls. A corrected text is a new
-- edition.
CREATE TABLE catalog_editions (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  scheme         TEXT NOT NULL,
  version        TEXT NOT NULL,
  -- date() gives back its argument only for a real day (not 2024-02-30, not 2024-13-01).
  effective_date TEXT CHECK (effective_date IS NULL OR date(effective_date) IS effective_date),
  source         TEXT NOT NULL,
  format         TEXT NOT NULL CHECK (format IN ('skeleton', 'csv', 'xlsx', 'oscal-catalog')),
  title_ja       TEXT NOT NULL,
  title_en       TEXT NOT NULL,
  source_json    TEXT NOT NULL,
  created_at     TEXT NOT NULL
) STRICT;

-- One row per item in document order (`position`); groups (chapters, categories, OSCAL groups)
-- are rows with is_group = 1, so a tree is one ordered list.
CREATE TABLE catalog_controls (
  edition_id  INTEGER NOT NULL REFERENCES catalog_editions (id),
  position    INTEGER NOT NULL,
  control_id  TEXT NOT NULL,
  parent_id   TEXT,
  is_group    INTEGER NOT NULL CHECK (is_group IN (0, 1)),
  tier        TEXT NOT NULL CHECK (tier IN ('governance', 'management', 'control_measure')),
  level       TEXT NOT NULL CHECK (level IN ('chapter', 'category', 'objective', 'detailed')),
  rule        TEXT NOT NULL CHECK (rule IN ('none', 'mandatory', 'unless_excluded', 'selectable')),
  suffix      TEXT NOT NULL,
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  text_ja     TEXT NOT NULL,
  text_en     TEXT NOT NULL,
  withdrawn   INTEGER NOT NULL CHECK (withdrawn IN (0, 1)),
  source_json TEXT NOT NULL,
  PRIMARY KEY (edition_id, control_id),
  UNIQUE (edition_id, position),
  FOREIGN KEY (edition_id, parent_id) REFERENCES catalog_controls (edition_id, control_id)
) STRICT;

CREATE TRIGGER catalog_editions_no_update BEFORE UPDATE ON catalog_editions
BEGIN
  SELECT RAISE(ABORT, 'catalog_editions is immutable');
END;

CREATE TRIGGER catalog_editions_no_delete BEFORE DELETE ON catalog_editions
BEGIN
  SELECT RAISE(ABORT, 'catalog_editions is immutable');
END;

CREATE TRIGGER catalog_controls_no_update BEFORE UPDATE ON catalog_controls
BEGIN
  SELECT RAISE(ABORT, 'catalog_controls is immutable');
END;

CREATE TRIGGER catalog_controls_no_delete BEFORE DELETE ON catalog_controls
BEGIN
  SELECT RAISE(ABORT, 'catalog_controls is immutable');
END;

CREATE TABLE catalog_baselines (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  edition_key TEXT NOT NULL REFERENCES catalog_editions (key),
  kind        TEXT NOT NULL CHECK (kind IN ('standard', 'liu', 'agency', 'imported')),
  title_ja    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  based_on    TEXT REFERENCES catalog_baselines (key),
  source_json TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_baselines_by_edition ON catalog_baselines (edition_key);

CREATE TABLE catalog_baseline_entries (
  baseline_id INTEGER NOT NULL REFERENCES catalog_baselines (id),
  position    INTEGER NOT NULL,
  control_id  TEXT NOT NULL,
  required    INTEGER NOT NULL CHECK (required IN (0, 1)),
  PRIMARY KEY (baseline_id, position),
  UNIQUE (baseline_id, control_id)
) STRICT;

-- Crosswalks between catalogs, by edition key and control id: either side may name an edition
-- that is not loaded (a mapping read from a crosswalk document stands on its own).
CREATE TABLE control_mappings (
  id              INTEGER PRIMARY KEY,
  from_edition    TEXT NOT NULL,
  from_control    TEXT NOT NULL,
  to_edition      TEXT NOT NULL,
  to_control      TEXT NOT NULL,
  relationship    TEXT NOT NULL CHECK (relationship IN ('equivalent', 'subset', 'superset', 'intersects')),
  source_document TEXT NOT NULL,
  UNIQUE (from_edition, from_control, to_edition, to_control, relationship)
) STRICT;
CREATE INDEX control_mappings_by_to ON control_mappings (to_edition, to_control);
