-- A CPO on OCPI 2.1.1 names the token of its Sessions and CDRs only by its contract id (auth_id);
-- a START_SESSION token's contract id is {cc}-{pid}- and the first 29 hex digits of its uid
-- (robotjobs.JobToken), so the robot's session is found by that expression.
create index job_session_contract on job_session (left(upper(replace(token_uid, '-', '')), 29));
