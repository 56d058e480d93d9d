-- Free-text search of the public cloud service list (issue 8): one FTS5 document per service with
-- the trigram tokenizer, so any substring of three characters or more (katakana and kanji words,
-- which have no spaces to split on, as well as English) is found through the index. The rowid is
-- the service id. Triggers keep it in step with the services and engagements, so no write path
-- can forget it. (Organisations have no rename; one would need a trigger here too.)
CREATE VIRTUAL TABLE service_search USING fts5 (document, tokenize = 'trigram');

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

INSERT INTO service_search (rowid, document) SELECT service_id, document FROM service_search_documents;

CREATE TRIGGER service_search_on_insert AFTER INSERT ON cloud_services BEGIN
  INSERT INTO service_search (rowid, document)
    SELECT service_id, document FROM service_search_documents WHERE service_id = new.id;
END;

CREATE TRIGGER service_search_on_update AFTER UPDATE ON cloud_services BEGIN
  DELETE FROM service_search WHERE rowid = old.id;
  INSERT INTO service_search (rowid, document)
    SELECT service_id, document FROM service_search_documents WHERE service_id = new.id;
END;

CREATE TRIGGER service_search_on_delete AFTER DELETE ON cloud_services BEGIN
  DELETE FROM service_search WHERE rowid = old.id;
END;

-- A report issued on a registered statement changes whose names the service is found by.
CREATE TRIGGER service_search_on_report AFTER UPDATE OF state ON engagements BEGIN
  DELETE FROM service_search WHERE rowid IN (SELECT id FROM cloud_services WHERE registered_statement = new.statement_id);
  INSERT INTO service_search (rowid, document)
    SELECT d.service_id, d.document FROM service_search_documents d JOIN cloud_services s ON s.id = d.service_id
    WHERE s.registered_statement = new.statement_id;
END;
