-- Energy over time of robot sessions, for the console's job page (docs/console.md): a sample is
-- written when a Session update of a robot session brings a new kwh. Bounded: within
-- SessionProgress.MIN_GAP of the latest sample the update replaces that sample instead of adding one.
create table job_session_progress (
    job_session_id  text        not null references job_session (id) on delete cascade,
    at              timestamptz not null,
    kwh             numeric     not null,
    primary key (job_session_id, at)
);

-- The console's list of robot jobs without filter: newest first.
create index robot_job_created on robot_job (created_at desc, id);
