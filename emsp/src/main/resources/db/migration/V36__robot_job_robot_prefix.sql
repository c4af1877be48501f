-- The console's job search finds the robot ids starting with what the operator typed
-- (robot_id like 'abc%'): a pattern-ops index, whatever the database's collation.
create index robot_job_robot_prefix on robot_job (robot_id text_pattern_ops);
