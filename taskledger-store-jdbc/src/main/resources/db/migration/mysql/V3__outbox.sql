-- Transactional outbox: one row per published task event, written in the event's transaction and
-- relayed to the broker in id order by the holder of the relay lease.
CREATE TABLE outbox (
    id BIGINT NOT NULL AUTO_INCREMENT,
    event_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    task_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tenant VARCHAR(128) NOT NULL,
    routing_key VARCHAR(512) NOT NULL,
    body LONGTEXT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3) NOT NULL,
    sent_at DATETIME(3) NULL,
    last_error TEXT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uniq_outbox_event (event_id),
    KEY idx_outbox_unsent (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE outbox_lease (
    name VARCHAR(64) NOT NULL,
    owner VARCHAR(255) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
