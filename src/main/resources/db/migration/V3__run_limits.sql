-- A run's own limits, the run request's max_cost (US dollars) and example_timeout_s (seconds), kept with it so
-- that a replica that takes the run over resumes it under them, not under the configured defaults. Null: the run
-- was asked without one (no cost limit; modelgate.results.example-timeout).
alter table runs add column max_cost double precision;
alter table runs add column example_timeout_s double precision;
