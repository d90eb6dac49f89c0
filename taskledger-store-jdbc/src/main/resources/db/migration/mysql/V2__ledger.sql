-- Seed 000's inv_tasks exactly as the seed gives it, plus the tenant. InnoDB keys are limited to 3,072
-- bytes and the seed's (task_name, task_item) key already takes 3,064 (utf8mb4), so the tenant is a
-- 4-byte INT referring to ledger_tenants: the unique key (tenant, task_name, task_item) stays a BTREE.
CREATE TABLE `ledger_tenants` (
	`id` INT NOT NULL AUTO_INCREMENT,
	`name` VARCHAR(128) NOT NULL COLLATE 'utf8mb4_bin',
	PRIMARY KEY (`id`),
	UNIQUE INDEX `ledger_tenants_name` (`name`)
)
COLLATE='utf8mb4_unicode_ci'
ENGINE=InnoDB
;

CREATE TABLE `inv_tasks` (
	`id` INT NOT NULL AUTO_INCREMENT,
	`tenant` INT NOT NULL,
	`created` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`updated` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`task_name` VARCHAR(255) NOT NULL COLLATE 'utf8mb4_unicode_ci',
	`task_item` VARCHAR(511) NOT NULL COLLATE 'utf8mb4_unicode_ci',
	`retries` INT NOT NULL DEFAULT '0',
	`current_status` ENUM('ok','fail','pending','partial','unknown') NOT NULL DEFAULT 'unknown' COLLATE 'utf8mb4_unicode_ci',
	`note` MEDIUMTEXT NULL DEFAULT NULL COLLATE 'utf8mb4_unicode_ci',
	PRIMARY KEY (`id`) USING BTREE,
	UNIQUE INDEX `inx_tasks` (`tenant`, `task_name`, `task_item`) USING BTREE,
	INDEX `updated_inx` (`updated`) USING BTREE,
	INDEX `task_name_inx` (`task_name`) USING BTREE,
	INDEX `task_item_inx` (`task_item`) USING BTREE,
	INDEX `status_inx` (`current_status`) USING BTREE,
	CONSTRAINT `inv_tasks_tenant` FOREIGN KEY (`tenant`) REFERENCES `ledger_tenants` (`id`)
)
COLLATE='utf8mb4_unicode_ci'
ENGINE=InnoDB
ROW_FORMAT=DYNAMIC
;
