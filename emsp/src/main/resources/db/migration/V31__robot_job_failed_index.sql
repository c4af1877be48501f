-- The console Overview's "jobs failed today": failed jobs by their last change, newest first.
create index robot_job_failed on robot_job (updated_at desc) where status = 'failed';
