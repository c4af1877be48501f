-- Our own tokens (we are the Tokens SENDER). country_code/party_id are always ours, kept per row
-- because OCPI keys tokens by (cc, pid, uid, type) and a second party would otherwise need a migration.
create table token (
    uid_key                        text        not null,  -- upper-cased uid: CiString comparison
    type                           text        not null,
    uid                            text        not null,  -- as issued, what the CPO sees
    country_code                   text        not null,
    party_id                       text        not null,
    contract_id                    text        not null,
    visual_number                  text,
    issuer                         text        not null,
    group_id                       text,
    valid                          boolean     not null,
    whitelist                      text        not null,
    language                       text,
    default_profile_type           text,
    energy_contract_supplier_name  text,
    energy_contract_contract_id    text,
    fleet_id                       text,
    robot_id                       text,
    allowed_location_ids           text[]      not null default '{}',  -- upper-cased; empty = anywhere
    expires_at                     timestamptz,
    last_updated                   timestamptz not null,
    primary key (uid_key, type)
);

-- the Sender list pages by last_updated, with the key as a tie-break for a stable order
create index token_last_updated on token (last_updated, uid_key, type);
create index token_fleet on token (fleet_id) where fleet_id is not null;
create index token_robot on token (robot_id) where robot_id is not null;
