-- V014: a procurement check's record holds every service on the list with every gap (13.6 MB for
-- 10,000 services in bench/procurement_check.sh). lz4 compresses it to about a tenth as pglz does, in
-- a third of the time (45 ms against 106-138 ms for that record here), and saving a check waits on
-- it. New rows only: records already saved stay as they are.
ALTER TABLE procurement_checks ALTER COLUMN record_json SET COMPRESSION lz4;
