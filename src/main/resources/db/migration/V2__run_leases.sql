-- Runs shared by replicas (issue #14): a run is owned through a lease, owner + heartbeat_at, renewed by its owner
-- every modelgate.store.lease.heartbeat and free for any replica to take over once older than .expiry. The
-- advisory lock of V1's time is no longer taken.
-- cancel_requested: a cancel asked of a replica that does not own the run; the owner sees it at its next heartbeat.
-- progress: where the run stands as its owner last said (RunProgress as JSON), so any replica can answer for it.
alter table runs add column cancel_requested boolean not null default false;
alter table runs add column progress json;
create index runs_running on runs (status) where status = 'running';
