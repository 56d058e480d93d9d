-- V014: on PostgreSQL, procurement check records are compressed with lz4 from here on. SQLite keeps
-- text as it is given; the version is kept in step with PostgreSQL's.
SELECT 1;
