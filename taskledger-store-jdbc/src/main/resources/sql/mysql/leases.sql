-- Named leases of the singleton background jobs (JdbcLeaseStore). The table kept its first name, outbox_lease,
-- from when the relay was its only user.

-- name: tryAcquireInsert
-- Each database's own insert-unless-present: INSERT IGNORE.
INSERT IGNORE INTO outbox_lease (name, owner, expires_at) VALUES (:name, :owner, :until);

-- name: tryAcquireUpdate
UPDATE outbox_lease SET owner = :owner, expires_at = :until
WHERE name = :name AND (owner = :owner OR expires_at < :now);

-- name: release
DELETE FROM outbox_lease WHERE name = :name AND owner = :owner;
