-- Values an installation keeps for good, the same for every node: e.g. the key that turns the ledger's row ids
-- into its public ids (see InstallationStore). Written once, when first needed.
CREATE TABLE installation_values (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    value VARCHAR(255) NOT NULL
);
