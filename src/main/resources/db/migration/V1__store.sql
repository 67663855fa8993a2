-- The postgresql store (modelgate.store=postgresql): the ledger, runs with their answers, spectral libraries.
-- Instants are kept as timestamptz (microseconds) plus their nanosecond of second, so that a row copied from the
-- files store and back is the same row.

-- One row per finished run, only ever appended; seq keeps the order they were appended in.
create table ledger_rows (
    seq               bigserial primary key,
    run_id            text             not null,
    system            text             not null,
    kind              text,
    description       text,
    task              text             not null,
    test_set          text             not null,
    test_set_sha256   text,
    system_version    text,
    system_sha256     text,
    primary_metric    text,
    -- {metric: {value, low, high, n}} in the order the run wrote them (json, not jsonb, keeps that order)
    metrics           json             not null,
    n                 integer          not null,
    invalid           integer          not null,
    latency_p50_ms    double precision not null,
    latency_p95_ms    double precision not null,
    latency_p99_ms    double precision not null,
    throughput        double precision not null,
    input_tokens      bigint           not null,
    output_tokens     bigint           not null,
    cost              double precision,
    git_commit        text,
    started_at        timestamptz,
    started_at_nanos  integer,
    finished_at       timestamptz,
    finished_at_nanos integer,
    comment           text,
    status            text,
    failed            integer          not null default 0,
    reason            text
);
create index ledger_rows_run_id on ledger_rows (run_id);
create index ledger_rows_test_set on ledger_rows (task, test_set);

-- What a run is asked to do, and who runs it now. owner and heartbeat_at are written when a process claims the
-- run (it also holds a session advisory lock on it); a later lease between replicas renews and expires them.
create table runs (
    id               text primary key,
    task             text        not null,
    test_set         text        not null,
    test_set_sha256  text,
    system           text        not null,
    comment          text,
    started_at       timestamptz not null,
    started_at_nanos integer     not null,
    status           text        not null default 'created' check (status in ('created', 'running', 'stopped')),
    owner            text,
    heartbeat_at     timestamptz,
    updated_at       timestamptz not null default now()
);
create index runs_started_at on runs (started_at desc);

-- Every answer of a run in the order it arrived; an example asked again has a second row and the later one counts.
create table run_answers (
    run_id        text             not null references runs (id) on delete cascade,
    seq           bigserial,
    example_id    text             not null,
    truth         text,
    predicted     text,
    invalid       boolean          not null,
    latency_ms    double precision not null,
    input_tokens  integer          not null,
    output_tokens integer          not null,
    cost          double precision,
    raw_answer    text,
    error         text,
    scores        json,
    primary key (run_id, seq)
);

-- A spectral library: what it is, and its embeddings exactly as the model gave them (count x dimension
-- little-endian float32, the bytes of the files store's embeddings.f32).
create table libraries (
    name          text primary key,
    model         text    not null,
    model_version bigint  not null,
    model_sha256  text,
    dimension     integer not null,
    count         integer not null,
    created       text,
    source        text,
    embeddings    bytea   not null,
    saved_at      timestamptz not null default now(),
    check (length(embeddings) = 4::bigint * count * dimension)
);

create table library_entries (
    library       text    not null references libraries (name) on delete cascade,
    row_index     integer not null,
    spectrum_id   text,
    compound_name text,
    smiles        text,
    inchikey      text,
    precursor_mz  double precision,
    primary key (library, row_index)
);
