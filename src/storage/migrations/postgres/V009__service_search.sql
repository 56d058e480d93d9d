-- Free-text search of the public cloud service list (issue 8): one document per service, indexed
-- with pg_trgm so that ILIKE '%text%' on any substring of three characters or more (katakana and
-- kanji words, which have no spaces to split on, as well as English) uses the index. pg_trgm is a
-- trusted extension since PostgreSQL 13: the database owner may create it. Triggers keep the
-- documents in step with the services and engagements, so no write path can forget them.
-- (Organisations have no rename; one would need a trigger here too.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE service_search (
  service_id BIGINT PRIMARY KEY REFERENCES cloud_services (id) ON DELETE CASCADE,
  document   TEXT NOT NULL
);
CREATE INDEX service_search_trigrams ON service_search USING gin (document gin_trgm_ops);

-- What a service is found by: its names, its provider's names, its registration number and the
-- names of the audit body whose report registered it (as the public list shows them).
CREATE VIEW service_search_documents AS
SELECT s.id AS service_id,
       s.name_ja || ' ' || s.name_en || ' ' || p.name_ja || ' ' || p.name_en || ' ' ||
       COALESCE(r.number, '') || ' ' ||
       COALESCE((SELECT ab.name_ja || ' ' || ab.name_en FROM engagements e
                 JOIN organizations ab ON ab.id = e.audit_body_id
                 WHERE e.statement_id = s.registered_statement AND e.state = 'report_issued'
                 ORDER BY e.id DESC LIMIT 1), '') AS document
FROM cloud_services s
JOIN organizations p ON p.id = s.provider_id
LEFT JOIN registrations r ON r.id = s.registration_id;

INSERT INTO service_search (service_id, document) SELECT service_id, document FROM service_search_documents;

-- Rewrites the documents of the services `ids`.
CREATE FUNCTION refresh_service_search(ids BIGINT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO service_search (service_id, document)
    SELECT service_id, document FROM service_search_documents WHERE service_id = ANY (ids)
  ON CONFLICT (service_id) DO UPDATE SET document = excluded.document;
$$;

CREATE FUNCTION service_search_on_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_service_search(ARRAY[NEW.id]);
  RETURN NULL;
END;
$$;
CREATE TRIGGER service_search_on_service AFTER INSERT OR UPDATE ON cloud_services
  FOR EACH ROW EXECUTE FUNCTION service_search_on_service();

-- A report issued on a registered statement changes whose names the service is found by.
CREATE FUNCTION service_search_on_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_service_search(ARRAY(SELECT id FROM cloud_services WHERE registered_statement = NEW.statement_id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER service_search_on_report AFTER UPDATE OF state ON engagements
  FOR EACH ROW EXECUTE FUNCTION service_search_on_report();
